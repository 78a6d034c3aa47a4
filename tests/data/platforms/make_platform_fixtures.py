"""Writes the platform fixtures in this folder (run from the repository root; the output is committed).

Built from the platforms' published download formats (Instagram and Facebook "Download your information" JSON, the
X archive's ``window.YTD`` files, the generic CSV/JSONL of docs/platforms.md and 4CAT's Telegram export columns),
with fictional people and generated pictures. Meta's downloads write every string as Latin-1-escaped UTF-8
("mojibake"); so do these, through :func:`meta_dump`.

    PYTHONPATH=src python tests/data/platforms/make_platform_fixtures.py
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
T0 = 1_700_000_000  # 2023-11-14T22:13:20Z

VICTIM = "Milica Fiktivić"  # the watched (fictional) person
VICTIM_HANDLE = "milica.fiktivna"
OWNER = "Petar Izmišljeni"  # the (fictional) account whose data download this is
OWNER_HANDLE = "petar.izmisljeni77"


def mojibake(obj: Any) -> Any:
    """Meta's encoding: each UTF-8 byte of a string written as the Latin-1 character of that byte."""
    if isinstance(obj, str):
        return obj.encode("utf-8").decode("latin-1")
    if isinstance(obj, list):
        return [mojibake(v) for v in obj]
    if isinstance(obj, dict):
        return {mojibake(k): mojibake(v) for k, v in obj.items()}
    return obj


def meta_dump(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # ensure_ascii: Meta escapes every non-ASCII character as \\u00XX
    path.write_text(json.dumps(mojibake(obj), indent=2, ensure_ascii=True) + "\n", encoding="utf-8")


def picture(path: Path, seed: int) -> None:
    """A benign generated picture (gradient and shapes), different for each seed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", (96, 96))
    px = img.load()
    assert px is not None
    for x in range(96):
        for y in range(96):
            px[x, y] = ((x * 3 + seed * 40) % 256, (y * 2 + seed * 17) % 256, (x + y + seed * 90) % 256)
    draw = ImageDraw.Draw(img)
    draw.ellipse((10 + seed * 5, 20, 60 + seed * 5, 70), fill=(250 - seed * 30, 200, 40))
    img.save(path, "JPEG", quality=90)


def instagram(root: Path) -> None:
    meta_dump(
        root / "personal_information" / "personal_information" / "personal_information.json",
        {
            "profile_user": [
                {
                    "title": "",
                    "media_map_data": {},
                    "string_map_data": {
                        "Email": {"href": "", "value": "petar77@example.invalid", "timestamp": 0},
                        "Name": {"href": "", "value": OWNER, "timestamp": 0},
                        "Username": {"href": "", "value": OWNER_HANDLE, "timestamp": 0},
                    },
                }
            ]
        },
    )

    def comment(text: str, owner: str, ts: int) -> dict[str, Any]:
        return {
            "media_list_data": [{"uri": ""}],
            "string_map_data": {
                "Comment": {"value": text},
                "Media Owner": {"value": owner},
                "Time": {"timestamp": ts},
            },
        }

    activity = root / "your_instagram_activity"
    meta_dump(
        activity / "comments" / "post_comments_1.json",
        [
            comment(f"@{VICTIM_HANDLE} sramota si, glupačo 🤮", VICTIM_HANDLE, T0 + 100),
            comment(f"{VICTIM}, znam gde živiš", VICTIM_HANDLE, T0 + 200),
            comment("Lepa fotografija 🌅", VICTIM_HANDLE, T0 + 300),
            comment("spam spam", VICTIM_HANDLE, T0 + 400),
            comment("spam spam", VICTIM_HANDLE, T0 + 400),  # posted twice in one second: two comments
            comment("Kada je sledeće čitanje?", "gradska.biblioteka.fikt", T0 + 500),
            comment("Hvala na preporuci!", "gradska.biblioteka.fikt", T0 + 600),
        ],
    )
    meta_dump(
        activity / "comments" / "reels_comments.json",
        {
            "comments_reels_comments": [
                {
                    "string_map_data": {
                        "Comment": {"value": "odvratna si"},
                        "Media Owner": {"value": VICTIM_HANDLE},
                        "Time": {"timestamp": T0 + 700},
                    }
                },
                {
                    "string_map_data": {
                        "Comment": {"value": "Bravo za gol ⚽"},
                        "Media Owner": {"value": "sport.klub.fikt"},
                        "Time": {"timestamp": T0 + 800},
                    }
                },
            ]
        },
    )
    thread = activity / "messages" / "inbox" / "milicafiktivna_17845"
    picture(thread / "photos" / "1001.jpg", 1)
    uri = "your_instagram_activity/messages/inbox/milicafiktivna_17845/photos/1001.jpg"
    newest = [
        {
            "sender_name": OWNER,
            "timestamp_ms": (T0 + 4000) * 1000,
            "photos": [{"uri": uri, "creation_timestamp": T0}],
            "is_geoblocked_for_viewer": False,
        },
        {
            "sender_name": VICTIM,
            "timestamp_ms": (T0 + 3000) * 1000,
            "content": "Prestani da mi pišeš.",
            "is_geoblocked_for_viewer": False,
        },
        {
            "sender_name": OWNER,
            "timestamp_ms": (T0 + 2000) * 1000,
            "content": "Odgovori mi, kravo",
            "reactions": [{"reaction": "😡", "actor": VICTIM}],
            "is_geoblocked_for_viewer": False,
        },
        {
            "sender_name": OWNER,
            "timestamp_ms": (T0 + 1500) * 1000,
            "content": "Zašto ne odgovaraš?",
            "is_geoblocked_for_viewer": False,
        },
    ]
    older = [
        {
            "sender_name": VICTIM,
            "timestamp_ms": (T0 + 1000) * 1000,
            "content": "Ne znam ko si.",
            "is_geoblocked_for_viewer": False,
        },
        {
            "sender_name": OWNER,
            "timestamp_ms": (T0 + 900) * 1000,
            "content": "Ćao Milice",
            "is_geoblocked_for_viewer": False,
        },
    ]
    head = {
        "participants": [{"name": VICTIM}, {"name": OWNER}],
        "title": VICTIM,
        "is_still_participant": True,
        "thread_path": "inbox/milicafiktivna_17845",
        "magic_words": [],
    }
    meta_dump(thread / "message_1.json", {**head, "messages": newest})
    meta_dump(thread / "message_2.json", {**head, "messages": older})


def instagram_oldest(root: Path) -> None:
    """The oldest comments shape (2021–22): the media owner in ``title``, text and time in ``string_list_data``."""
    meta_dump(
        root / "comments" / "post_comments.json",
        {
            "comments_media_comments": [
                {"title": VICTIM_HANDLE, "string_list_data": [{"value": "Divno! 💐", "timestamp": T0 - 5000}]},
                {"title": VICTIM_HANDLE, "string_list_data": [{"value": "ko je ova kuja", "timestamp": T0 - 4000}]},
            ]
        },
    )


def facebook(root: Path) -> None:
    activity = root / "your_facebook_activity"
    one = activity / "messages" / "inbox" / "milicafiktivic_10158123"
    picture(one / "photos" / "2001.jpg", 2)
    meta_dump(
        one / "message_1.json",
        {
            "participants": [{"name": VICTIM}, {"name": OWNER}],
            "messages": [
                {
                    "sender_name": OWNER,
                    "timestamp_ms": (T0 + 5000) * 1000,
                    "photos": [
                        {
                            "uri": "your_facebook_activity/messages/inbox/milicafiktivic_10158123/photos/2001.jpg",
                            "creation_timestamp": T0 + 5000,
                        }
                    ],
                    "is_geoblocked_for_viewer": False,
                },
                {
                    "sender_name": OWNER,
                    "timestamp_ms": (T0 + 4000) * 1000,
                    "content": "Poslaću svima tvoje slike",
                    "is_geoblocked_for_viewer": False,
                },
                {
                    "sender_name": VICTIM,
                    "timestamp_ms": (T0 + 3000) * 1000,
                    "content": "Ostavi me na miru.",
                    "reactions": [{"reaction": "❤", "actor": OWNER}],
                    "is_geoblocked_for_viewer": False,
                },
                {
                    "sender_name": OWNER,
                    "timestamp_ms": (T0 + 2000) * 1000,
                    "content": "Šta se kriješ, Milice?",
                    "share": {"link": "https://example.invalid/profil"},
                    "is_geoblocked_for_viewer": False,
                },
                {
                    "sender_name": OWNER,
                    "timestamp_ms": (T0 + 1000) * 1000,
                    "content": "Ćao, vidim te često 😉",
                    "is_geoblocked_for_viewer": False,
                },
            ],
            "title": VICTIM,
            "is_still_participant": True,
            "thread_path": "inbox/milicafiktivic_10158123",
            "magic_words": [],
        },
    )
    group = activity / "messages" / "inbox" / "drugarice_5512"
    friends = ["Jovana Primerić", "Ana Zamišljena"]
    meta_dump(
        group / "message_1.json",
        {
            "participants": [{"name": VICTIM}, {"name": friends[0]}, {"name": friends[1]}],
            "messages": [
                {
                    "sender_name": friends[1],
                    "timestamp_ms": (T0 + 9000) * 1000,
                    "content": "Ana je napustila grupu.",
                    "type": "Unsubscribe",
                    "users": [{"name": friends[1]}],
                },
                {
                    "sender_name": friends[0],
                    "timestamp_ms": (T0 + 8000) * 1000,
                    "content": "Prijavile smo profil.",
                    "type": "Generic",
                },
                {
                    "sender_name": VICTIM,
                    "timestamp_ms": (T0 + 7000) * 1000,
                    "content": "Hvala vam, drage moje 💜",
                    "type": "Generic",
                },
                {
                    "sender_name": friends[0],
                    "timestamp_ms": (T0 + 6500) * 1000,
                    "content": "Tu smo za tebe.",
                    "type": "Generic",
                },
                {
                    "sender_name": VICTIM,
                    "timestamp_ms": (T0 + 6000) * 1000,
                    "content": "Opet mi piše isti nalog.",
                    "type": "Generic",
                },
                {
                    "sender_name": friends[0],
                    "timestamp_ms": (T0 + 5500) * 1000,
                    "content": "Jovana je dodala Anu u grupu.",
                    "type": "Subscribe",
                    "users": [{"name": friends[1]}],
                },
            ],
            "title": "Drugarice",
            "is_still_participant": True,
            "thread_path": "inbox/drugarice_5512",
        },
    )
    meta_dump(
        activity / "comments_and_reactions" / "comments.json",
        {
            "comments_v2": [
                {
                    "timestamp": T0 + 10000,
                    "title": f"{OWNER} commented on {VICTIM}'s post.",
                    "data": [
                        {
                            "comment": {
                                "timestamp": T0 + 10000,
                                "comment": "Sram te bilo, znamo gde živiš",
                                "author": OWNER,
                            }
                        }
                    ],
                },
                {
                    "timestamp": T0 + 11000,
                    "title": f"{OWNER} commented on his own post.",
                    "data": [
                        {"comment": {"timestamp": T0 + 11000, "comment": "Lep dan na Kalemegdanu", "author": OWNER}}
                    ],
                },
                {
                    "timestamp": T0 + 12000,
                    "title": f"{OWNER} commented on Čitalački klub's post.",
                    "data": [
                        {
                            "comment": {
                                "timestamp": T0 + 12000,
                                "comment": "Preporučujem „Na Drini ćuprija“",
                                "author": OWNER,
                                "group": "Čitalački klub",
                            }
                        }
                    ],
                },
            ]
        },
    )


def ytd(path: Path, name: str, rows: list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"window.YTD.{name}.part0 = " + json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")


def x_archive(root: Path) -> None:
    data = root / "data"
    ytd(
        data / "account.js",
        "account",
        [
            {
                "account": {
                    "email": "petar77@example.invalid",
                    "createdVia": "web",
                    "username": "petar_izm77",
                    "accountId": "1234567890",
                    "createdAt": "2015-03-01T10:00:00.000Z",
                    "accountDisplayName": OWNER,
                }
            }
        ],
    )

    def tw(tid: str, text: str, when: str, **extra: Any) -> dict[str, Any]:
        t = {
            "edit_info": {
                "initial": {
                    "editTweetIds": [tid],
                    "editableUntil": when,
                    "editsRemaining": "5",
                    "isEditEligible": False,
                }
            },
            "retweeted": False,
            "source": '<a href="https://example.invalid">Web</a>',
            "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
            "display_text_range": ["0", str(len(text))],
            "favorite_count": "0",
            "id_str": tid,
            "truncated": False,
            "retweet_count": "0",
            "id": tid,
            "created_at": when,
            "favorited": False,
            "full_text": text,
            "lang": "sr",
        }
        t.update(extra)
        return {"tweet": t}

    media = [
        {
            "expanded_url": "https://x.com/petar_izm77/status/1600000000000000003/photo/1",
            "indices": ["20", "43"],
            "url": "https://t.co/AbCdEf",
            "media_url": "http://pbs.twimg.com/media/FakeImg1.jpg",
            "id_str": "1600000000000000099",
            "id": "1600000000000000099",
            "media_url_https": "https://pbs.twimg.com/media/FakeImg1.jpg",
            "type": "photo",
            "display_url": "pic.x.com/AbCdEf",
        }
    ]
    ytd(
        data / "tweets.js",
        "tweets",
        [
            tw(
                "1600000000000000004",
                "@milica_fikt ti si ništa &amp; svi to znaju",
                "Wed Nov 15 09:00:00 +0000 2023",
                in_reply_to_status_id_str="1599999999999999990",
                in_reply_to_user_id_str="555000111",
                in_reply_to_screen_name="milica_fikt",
                entities={
                    "hashtags": [],
                    "symbols": [],
                    "urls": [],
                    "user_mentions": [
                        {
                            "name": VICTIM,
                            "screen_name": "milica_fikt",
                            "indices": ["0", "12"],
                            "id_str": "555000111",
                            "id": "555000111",
                        }
                    ],
                },
            ),
            tw(
                "1600000000000000003",
                "Zalazak sunca, Novi Sad https://t.co/AbCdEf",
                "Tue Nov 14 20:00:00 +0000 2023",
                entities={"hashtags": [], "symbols": [], "urls": [], "user_mentions": [], "media": media},
                extended_entities={"media": media},
            ),
            tw(
                "1600000000000000002",
                "RT @vesti_fikt: Kiša sutra u celoj Srbiji",
                "Tue Nov 14 12:00:00 +0000 2023",
                retweeted=False,
            ),
            tw("1600000000000000001", "Dobro jutro 3 &lt; 5", "Mon Nov 13 07:30:00 +0000 2023"),
        ],
    )
    picture(data / "tweets_media" / "1600000000000000003-FakeImg1.jpg", 3)
    ytd(
        data / "direct-messages.js",
        "direct_messages",
        [
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
                                "createdAt": "2023-11-16T10:00:02.000Z",
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
                                "createdAt": "2023-11-16T09:59:00.000Z",
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
                                        "createdAt": "2023-11-16T09:58:30.000Z",
                                    }
                                ],
                                "urls": [],
                                "text": "Odgovori, glupačo",
                                "mediaUrls": [],
                                "senderId": "1234567890",
                                "id": "1700000000000000001",
                                "createdAt": "2023-11-16T09:58:00.000Z",
                            }
                        },
                    ],
                }
            }
        ],
    )
    picture(data / "direct_messages_media" / "1700000000000000003-Pic9.jpg", 4)
    ytd(
        data / "direct-messages-group.js",
        "direct_messages_group",
        [
            {
                "dmConversation": {
                    "conversationId": "1550000000000000000",
                    "messages": [
                        {"participantsLeave": {"userIds": ["777000222"], "createdAt": "2023-11-17T12:00:00.000Z"}},
                        {
                            "messageCreate": {
                                "reactions": [],
                                "urls": [],
                                "text": "Ko je ovo dodao?",
                                "mediaUrls": [],
                                "senderId": "888000333",
                                "id": "1710000000000000002",
                                "createdAt": "2023-11-17T11:00:00.000Z",
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
                                "createdAt": "2023-11-17T10:30:00.000Z",
                            }
                        },
                        {
                            "conversationNameUpdate": {
                                "initiatingUserId": "1234567890",
                                "name": "Ekipa 🍻",
                                "createdAt": "2023-11-17T10:05:00.000Z",
                            }
                        },
                        {
                            "participantsJoin": {
                                "initiatingUserId": "1234567890",
                                "userIds": ["777000222", "888000333"],
                                "createdAt": "2023-11-17T10:00:00.000Z",
                            }
                        },
                    ],
                }
            }
        ],
    )


GENERIC_COLUMNS = ["platform", "thread", "message_id", "author", "time", "text", "reply_to", "media_path"]


def generic(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    picture(root / "media" / "g1.jpg", 5)
    rows = [
        ["tiktok", "video-7301", "c1", "user_a", "2023-11-20T10:00:00Z", f"@{VICTIM_HANDLE} kravo debela", "", ""],
        ["tiktok", "video-7301", "c2", "user_b", "2023-11-20T10:05:00+01:00", "ostavite je na miru", "c1", ""],
        ["tiktok", "video-7301", "c3", "user_a", "1700480000", "crkni", "c2", "media/g1.jpg"],
        ["forum", "tema-12", "100", "anon1", "2023-11-21 08:00:00", "Ima li ko njen broj?", "", ""],
        ["forum", "tema-12", "101", "anon2", "2023-11-21 08:10:00", "Ne delite tuđe podatke.", "100", ""],
    ]
    with (root / "messages.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(GENERIC_COLUMNS)
        w.writerows(rows)
    with (root / "messages.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows[:3]:
            obj: dict[str, Any] = dict(zip(GENERIC_COLUMNS, r, strict=True))
            obj = {k: v for k, v in obj.items() if v != ""}
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        fh.write(
            json.dumps(
                {
                    "platform": "forum",
                    "thread": "tema-12",
                    "message_id": 102,
                    "author": "anon3",
                    "time": 1700554800,
                    "text": "Prijavljeno moderatorima.",
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    # 4CAT's Telegram datasource export (columns as 4CAT's map_item writes them), fictional channel and people.
    fourcat = [
        "id",
        "thread_id",
        "chat",
        "author",
        "author_username",
        "author_name",
        "author_is_bot",
        "body",
        "reply_to",
        "views",
        "timestamp",
        "unix_timestamp",
        "timestamp_edited",
        "unix_timestamp_edited",
        "author_forwarded_from_name",
        "attachment_type",
    ]
    fc_rows = [
        [
            "fiktivni_kanal-11",
            "fiktivni_kanal",
            "fiktivni_kanal",
            "4401",
            "marko_fikt",
            "Marko Fiktivni",
            "no",
            "ko ima nešto od nje",
            "",
            "120",
            "2023-11-22 10:00:00",
            "1700647200",
            "",
            "",
            "",
            "",
        ],
        [
            "fiktivni_kanal-12",
            "fiktivni_kanal",
            "fiktivni_kanal",
            "4402",
            "",
            "Jovan Primer",
            "no",
            f"{VICTIM} iz Novog Sada",
            "fiktivni_kanal-11",
            "98",
            "2023-11-22 10:02:00",
            "1700647320",
            "",
            "",
            "",
            "",
        ],
        [
            "fiktivni_kanal-13",
            "fiktivni_kanal",
            "fiktivni_kanal",
            "4401",
            "marko_fikt",
            "Marko Fiktivni",
            "no",
            "dobro jutro",
            "",
            "87",
            "2023-11-22 10:05:00",
            "1700647500",
            "",
            "",
            "",
            "photo",
        ],
    ]
    with (root / "4cat_telegram.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(fourcat)
        w.writerows(fc_rows)


def main() -> None:
    for name in ("instagram", "instagram_oldest", "facebook", "x_archive", "generic"):
        shutil.rmtree(HERE / name, ignore_errors=True)
    instagram(HERE / "instagram")
    instagram_oldest(HERE / "instagram_oldest")
    facebook(HERE / "facebook")
    x_archive(HERE / "x_archive")
    generic(HERE / "generic")


if __name__ == "__main__":
    main()
