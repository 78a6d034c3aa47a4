window.YTD.account.part0 = [
  {
    "account": {
      "email": "petar77@example.invalid",
      "createdVia": "web",
      "username": "petar_izm77",
      "accountId": "1234567890",
      "createdAt": "2015-03-01T10:00:00.000Z",
      "accountDisplayName": "Petar Izmišljeni"
    }
  }
]