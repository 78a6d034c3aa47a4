window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation": {
      "conversationId": "1550000000000000000",
      "messages": [
        {
          "participantsLeave": {
            "userIds": [
              "777000222"
            ],
            "createdAt": "2023-11-17T12:00:00.000Z"
          }
        },
        {
          "messageCreate": {
            "reactions": [],
            "urls": [],
            "text": "Ko je ovo dodao?",
            "mediaUrls": [],
            "senderId": "888000333",
            "id": "1710000000000000002",
            "createdAt": "2023-11-17T11:00:00.000Z"
          }
        },
        {
          "messageCreate": {
            "reactions": [],
            "urls": [],
            "text": "Pogledajte ovo",
            "mediaUrls": [],
            "senderId": "1234567890",
            "id": "1710000000000000001",
            "createdAt": "2023-11-17T10:30:00.000Z"
          }
        },
        {
          "conversationNameUpdate": {
            "initiatingUserId": "1234567890",
            "name": "Ekipa 🍻",
            "createdAt": "2023-11-17T10:05:00.000Z"
          }
        },
        {
          "participantsJoin": {
            "initiatingUserId": "1234567890",
            "userIds": [
              "777000222",
              "888000333"
            ],
            "createdAt": "2023-11-17T10:00:00.000Z"
          }
        }
      ]
    }
  }
]