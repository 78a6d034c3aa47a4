window.YTD.direct_messages.part0 = [
  {
    "dmConversation": {
      "conversationId": "555000111-1234567890",
      "messages": [
        {
          "messageCreate": {
            "recipientId": "555000111",
            "reactions": [],
            "urls": [],
            "text": "https://t.co/XyZ12",
            "mediaUrls": [
              "https://ton.twitter.com/dm/1700000000000000003/1700000000000000077/Pic9.jpg"
            ],
            "senderId": "1234567890",
            "id": "1700000000000000003",
            "createdAt": "2023-11-16T10:00:02.000Z"
          }
        },
        {
          "messageCreate": {
            "recipientId": "1234567890",
            "reactions": [],
            "urls": [],
            "text": "Blokiraću te.",
            "mediaUrls": [],
            "senderId": "555000111",
            "id": "1700000000000000002",
            "createdAt": "2023-11-16T09:59:00.000Z"
          }
        },
        {
          "messageCreate": {
            "recipientId": "555000111",
            "reactions": [
              {
                "senderId": "555000111",
                "reactionKey": "angry",
                "eventId": "1700000000000000100",
                "createdAt": "2023-11-16T09:58:30.000Z"
              }
            ],
            "urls": [],
            "text": "Odgovori, glupačo",
            "mediaUrls": [],
            "senderId": "1234567890",
            "id": "1700000000000000001",
            "createdAt": "2023-11-16T09:58:00.000Z"
          }
        }
      ]
    }
  }
]