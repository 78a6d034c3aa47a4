"""Telethon TL objects built offline → the same records export ingestion produces."""

from __future__ import annotations

from datetime import UTC, datetime

from telethon.tl import types

from tragac.sources.live.convert import entities_of, message_record, source_kind
from tragac.sources.records import content_hash

from . import fakes
from .fakes import CHANNEL, FakeClient


def _finish(msg: types.Message, *entities: object) -> types.Message:
    client = FakeClient(list(entities))
    msg._finish_init(client, client.entities, None)
    return msg


def test_utf16_offsets_become_code_points() -> None:
    text = "😀 bold and link"
    # "😀" is two UTF-16 units: Telegram's offset for "bold" is 3, Python's is 2.
    ents = [
        types.MessageEntityBold(offset=3, length=4),
        types.MessageEntityTextUrl(offset=12, length=4, url="https://example.org/x"),
    ]
    out = entities_of(text, ents)
    assert out == [
        {"type": "bold", "offset": 2, "length": 4},
        {"type": "text_link", "offset": 11, "length": 4, "href": "https://example.org/x"},
    ]
    assert text[2:6] == "bold" and text[11:15] == "link"


def test_regular_message_fields_and_telethon_only_data() -> None:
    fwd_date = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    msg = fakes.text_message(
        7,
        "pogledaj ovo",
        sender=123,
        fwd_from=types.MessageFwdHeader(date=fwd_date, from_id=types.PeerChannel(9), channel_post=77),
        reply_to=types.MessageReplyHeader(reply_to_msg_id=5),
        grouped_id=555,
        views=1200,
        forwards=4,
        edit_date=datetime(2026, 5, 20, 9, 0, tzinfo=UTC),
    )
    source = types.Channel(id=9, title="Izvorni kanal", photo=types.ChatPhotoEmpty(), date=fwd_date, broadcast=True)
    rec = message_record(_finish(msg, fakes.user(123, "Marko", "Test"), source))
    assert rec.platform_message_id == 7 and rec.kind == "message"
    assert rec.author_id == "user123" and rec.author_name == "Marko Test"
    assert rec.forwarded_from_id == "channel9" and rec.forwarded_from == "Izvorni kanal"
    assert rec.forward_date == fwd_date and rec.forward_message_id == 77
    assert rec.reply_to_message_id == 5
    assert rec.grouped_id == 555 and rec.views == 1200 and rec.extra and rec.extra["forwards"] == 4
    assert rec.edited_at == datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
    assert rec.content_hash == content_hash("pogledaj ovo", [], None, rec.edited_at)


def test_channel_post_is_authored_by_the_channel() -> None:
    msg = types.Message(id=3, peer_id=types.PeerChannel(CHANNEL), date=fakes.T0, message="objava", post=True)
    rec = message_record(_finish(msg, fakes.channel()))
    assert rec.author_id == f"channel{CHANNEL}" and rec.author_name == "Test grupa"


def test_service_invite_keeps_member_ids() -> None:
    msg = types.MessageService(
        id=11,
        peer_id=types.PeerChannel(CHANNEL),
        date=fakes.T0,
        from_id=types.PeerUser(123),
        action=types.MessageActionChatAddUser(users=[124, 125]),
    )
    rec = message_record(_finish(msg, fakes.user(123, "Marko"), fakes.user(124, "Ana")))
    assert rec.kind == "service" and rec.action == "invite_members"
    m = rec.membership
    assert m is not None and m.event == "invite" and m.member_count == 2
    assert m.members == ["Ana", None]  # names only where Telegram sent the user
    assert m.details == {"member_ids": ["user124", "user125"]}


def test_leave_and_join_by_link() -> None:
    leave = types.MessageService(
        id=12,
        peer_id=types.PeerChannel(CHANNEL),
        date=fakes.T0,
        from_id=types.PeerUser(124),
        action=types.MessageActionChatDeleteUser(user_id=124),
    )
    rec = message_record(_finish(leave))
    assert rec.membership is not None and rec.membership.event == "leave" and rec.membership.member_count == 1
    join = types.MessageService(
        id=13,
        peer_id=types.PeerChannel(CHANNEL),
        date=fakes.T0,
        from_id=types.PeerUser(126),
        action=types.MessageActionChatJoinedByLink(inviter_id=123),
    )
    rec = message_record(_finish(join))
    assert rec.action == "join_group_by_link"
    assert rec.membership is not None and rec.membership.event == "join"
    assert rec.membership.details == {"inviter_id": "user123"}


def test_media_types_follow_the_export() -> None:
    rec = message_record(_finish(fakes.photo_message(20, 9001, 5000)))
    assert rec.media_type == "photo" and rec.media_info and rec.media_info["telegram_id"] == 9001
    rec = message_record(_finish(fakes.document_message(21, 9002, 10**6)))
    assert rec.media_type == "video_file" and rec.media_info and rec.media_info["duration"] == 12.0
    poll = types.MessageMediaPoll(
        poll=types.Poll(
            id=1,
            hash=0,
            question=types.TextWithEntities("Ko dolazi?", []),
            answers=[types.PollAnswer(types.TextWithEntities("da", []), b"1")],
        ),
        results=types.PollResults(total_voters=3),
    )
    rec = message_record(_finish(fakes.text_message(22, "", media=poll)))
    assert rec.media_type is None and rec.extra and rec.extra["poll"]["question"] == "Ko dolazi?"


def test_source_kinds() -> None:
    assert source_kind(fakes.channel()) == "public_supergroup"
    assert source_kind(fakes.channel(username=None)) == "private_supergroup"
    bc = types.Channel(id=5, title="k", photo=types.ChatPhotoEmpty(), date=None, broadcast=True)
    assert source_kind(bc) == "private_channel"
    chat = types.Chat(id=6, title="g", photo=types.ChatPhotoEmpty(), participants_count=3, date=None, version=1)
    assert source_kind(chat) == "private_group"
