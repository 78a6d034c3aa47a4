window.YTD.tweets.part0 = [
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1600000000000000004"
          ],
          "editableUntil": "Wed Nov 15 09:00:00 +0000 2023",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://example.invalid\">Web</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "urls": [],
        "user_mentions": [
          {
            "name": "Milica Fiktivić",
            "screen_name": "milica_fikt",
            "indices": [
              "0",
              "12"
            ],
            "id_str": "555000111",
            "id": "555000111"
          }
        ]
      },
      "display_text_range": [
        "0",
        "43"
      ],
      "favorite_count": "0",
      "id_str": "1600000000000000004",
      "truncated": false,
      "retweet_count": "0",
      "id": "1600000000000000004",
      "created_at": "Wed Nov 15 09:00:00 +0000 2023",
      "favorited": false,
      "full_text": "@milica_fikt ti si ništa &amp; svi to znaju",
      "lang": "sr",
      "in_reply_to_status_id_str": "1599999999999999990",
      "in_reply_to_user_id_str": "555000111",
      "in_reply_to_screen_name": "milica_fikt"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1600000000000000003"
          ],
          "editableUntil": "Tue Nov 14 20:00:00 +0000 2023",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://example.invalid\">Web</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "urls": [],
        "user_mentions": [],
        "media": [
          {
            "expanded_url": "https://x.com/petar_izm77/status/1600000000000000003/photo/1",
            "indices": [
              "20",
              "43"
            ],
            "url": "https://t.co/AbCdEf",
            "media_url": "http://pbs.twimg.com/media/FakeImg1.jpg",
            "id_str": "1600000000000000099",
            "id": "1600000000000000099",
            "media_url_https": "https://pbs.twimg.com/media/FakeImg1.jpg",
            "type": "photo",
            "display_url": "pic.x.com/AbCdEf"
          }
        ]
      },
      "display_text_range": [
        "0",
        "43"
      ],
      "favorite_count": "0",
      "id_str": "1600000000000000003",
      "truncated": false,
      "retweet_count": "0",
      "id": "1600000000000000003",
      "created_at": "Tue Nov 14 20:00:00 +0000 2023",
      "favorited": false,
      "full_text": "Zalazak sunca, Novi Sad https://t.co/AbCdEf",
      "lang": "sr",
      "extended_entities": {
        "media": [
          {
            "expanded_url": "https://x.com/petar_izm77/status/1600000000000000003/photo/1",
            "indices": [
              "20",
              "43"
            ],
            "url": "https://t.co/AbCdEf",
            "media_url": "http://pbs.twimg.com/media/FakeImg1.jpg",
            "id_str": "1600000000000000099",
            "id": "1600000000000000099",
            "media_url_https": "https://pbs.twimg.com/media/FakeImg1.jpg",
            "type": "photo",
            "display_url": "pic.x.com/AbCdEf"
          }
        ]
      }
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1600000000000000002"
          ],
          "editableUntil": "Tue Nov 14 12:00:00 +0000 2023",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://example.invalid\">Web</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "41"
      ],
      "favorite_count": "0",
      "id_str": "1600000000000000002",
      "truncated": false,
      "retweet_count": "0",
      "id": "1600000000000000002",
      "created_at": "Tue Nov 14 12:00:00 +0000 2023",
      "favorited": false,
      "full_text": "RT @vesti_fikt: Kiša sutra u celoj Srbiji",
      "lang": "sr"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1600000000000000001"
          ],
          "editableUntil": "Mon Nov 13 07:30:00 +0000 2023",
          "editsRemaining": "5",
          "isEditEligible": false
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://example.invalid\">Web</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "20"
      ],
      "favorite_count": "0",
      "id_str": "1600000000000000001",
      "truncated": false,
      "retweet_count": "0",
      "id": "1600000000000000001",
      "created_at": "Mon Nov 13 07:30:00 +0000 2023",
      "favorited": false,
      "full_text": "Dobro jutro 3 &lt; 5",
      "lang": "sr"
    }
  }
]