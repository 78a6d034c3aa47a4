"""Telethon objects → the platform-neutral records that Telegram Desktop export ingestion also produces.

The mapping follows what Telegram Desktop writes for the same chat, so that a message collected live and the same
message read from an export have equal ``content_hash`` (text, entities, media type, edit time) and merge into one
row: bare chat ids, ``"user123"``/``"channel9"`` authors, the export's entity and media type names, and its service
action names. What an export cannot hold (forward source id, date and post id, album ``grouped_id``, views,
forwards, member ids of service events) is kept as well.
"""

from __future__ import annotations

import re
from typing import Any

from telethon import helpers, utils
from telethon.tl import types

from tragac.sources.records import EVENT_OF_ACTION, MembershipRecord, MessageRecord, SourceRecord

PLATFORM = "telegram"

# Telethon entity class -> the export's entity type name.
_ENTITY_TYPES: dict[type, str] = {
    types.MessageEntityMention: "mention",
    types.MessageEntityHashtag: "hashtag",
    types.MessageEntityBotCommand: "bot_command",
    types.MessageEntityUrl: "link",
    types.MessageEntityEmail: "email",
    types.MessageEntityBold: "bold",
    types.MessageEntityItalic: "italic",
    types.MessageEntityCode: "code",
    types.MessageEntityPre: "pre",
    types.MessageEntityTextUrl: "text_link",
    types.MessageEntityMentionName: "mention_name",
    types.MessageEntityPhone: "phone",
    types.MessageEntityCashtag: "cashtag",
    types.MessageEntityUnderline: "underline",
    types.MessageEntityStrike: "strikethrough",
    types.MessageEntityBlockquote: "blockquote",
    types.MessageEntityBankCard: "bank_card",
    types.MessageEntitySpoiler: "spoiler",
    types.MessageEntityCustomEmoji: "custom_emoji",
}

# Telethon service action class -> the export's action name (export_output_json.cpp).
_ACTIONS: dict[type, str] = {
    types.MessageActionChatCreate: "create_group",
    types.MessageActionChannelCreate: "create_channel",
    types.MessageActionChatAddUser: "invite_members",
    types.MessageActionChatDeleteUser: "remove_members",
    types.MessageActionChatJoinedByLink: "join_group_by_link",
    types.MessageActionChatJoinedByRequest: "join_group_by_request",
    types.MessageActionChatMigrateTo: "migrate_to_supergroup",
    types.MessageActionChannelMigrateFrom: "migrate_from_group",
    types.MessageActionPinMessage: "pin_message",
    types.MessageActionChatEditTitle: "edit_group_title",
    types.MessageActionChatEditPhoto: "edit_group_photo",
    types.MessageActionChatDeletePhoto: "delete_group_photo",
    types.MessageActionHistoryClear: "clear_history",
    types.MessageActionGameScore: "game_score",
    types.MessageActionPhoneCall: "phone_call",
    types.MessageActionScreenshotTaken: "take_screenshot",
    types.MessageActionContactSignUp: "joined_telegram",
    types.MessageActionSetMessagesTTL: "set_messages_ttl",
    types.MessageActionGroupCall: "group_call",
    types.MessageActionInviteToGroupCall: "invite_to_group_call",
    types.MessageActionTopicCreate: "topic_created",
    types.MessageActionTopicEdit: "topic_edit",
    types.MessageActionBoostApply: "boost_apply",
    types.MessageActionCustomAction: "custom",
}


def peer_ref(peer: Any) -> str | None:
    """``"user7"``, ``"channel9"`` or ``"chat5"`` for a Telethon peer, as the export writes ``from_id``."""
    if isinstance(peer, types.PeerUser):
        return f"user{peer.user_id}"
    if isinstance(peer, types.PeerChannel):
        return f"channel{peer.channel_id}"
    if isinstance(peer, types.PeerChat):
        return f"chat{peer.chat_id}"
    return None


def bare_id(peer: Any) -> int | None:
    if isinstance(peer, types.PeerUser):
        return int(peer.user_id)
    if isinstance(peer, types.PeerChannel):
        return int(peer.channel_id)
    if isinstance(peer, types.PeerChat):
        return int(peer.chat_id)
    return None


def display_name(entity: Any) -> str | None:
    """The name Telegram Desktop shows (and exports) for a user or chat; None for deleted accounts."""
    if entity is None or getattr(entity, "deleted", False):
        return None
    name = utils.get_display_name(entity)
    return name or None


# -- sources ---------------------------------------------------------------------------------------------------------


def source_kind(entity: Any) -> str:
    """The export's chat ``type`` for a Telethon entity."""
    if isinstance(entity, types.Channel):
        public = bool(getattr(entity, "username", None))
        if entity.megagroup or getattr(entity, "gigagroup", False):
            return "public_supergroup" if public else "private_supergroup"
        return "public_channel" if public else "private_channel"
    if isinstance(entity, types.Chat | types.ChatForbidden):
        return "private_group"
    if isinstance(entity, types.User):
        return "bot_chat" if entity.bot else "personal_chat"
    return "unknown"


def peer_kind_of(entity: Any) -> str:
    if isinstance(entity, types.Channel | types.ChannelForbidden):
        return "channel"
    if isinstance(entity, types.Chat | types.ChatForbidden):
        return "chat"
    return "user"


def source_record(entity: Any) -> SourceRecord:
    username = getattr(entity, "username", None)
    return SourceRecord(
        platform=PLATFORM,
        platform_id=str(entity.id),
        kind=source_kind(entity),
        title=display_name(entity),
        username=username,
        link=f"https://t.me/{username}" if username else None,
    )


# -- text ------------------------------------------------------------------------------------------------------------


def entities_of(text: str, entities: list[Any] | None) -> list[dict[str, Any]]:
    """Export-style entities: type names, code-point offsets (Telegram counts UTF-16 units), extra keys."""
    if not entities:
        return []
    surrogated = helpers.add_surrogate(text)
    out: list[dict[str, Any]] = []
    for e in sorted(entities, key=lambda x: (x.offset, -x.length)):
        kind = _ENTITY_TYPES.get(type(e), "unknown")
        start = len(helpers.del_surrogate(surrogated[: e.offset]))
        length = len(helpers.del_surrogate(surrogated[e.offset : e.offset + e.length]))
        if length <= 0:
            continue
        item: dict[str, Any] = {"type": kind, "offset": start, "length": length}
        if isinstance(e, types.MessageEntityTextUrl):
            item["href"] = e.url
        elif isinstance(e, types.MessageEntityMentionName):
            item["user_id"] = e.user_id
        elif isinstance(e, types.MessageEntityPre):
            item["language"] = e.language
        elif isinstance(e, types.MessageEntityBlockquote):
            item["collapsed"] = bool(e.collapsed)
        elif isinstance(e, types.MessageEntityCustomEmoji):
            item["document_id"] = str(e.document_id)
        out.append(item)
    return out


# -- media -----------------------------------------------------------------------------------------------------------


def _photo_size(photo: Any) -> int | None:
    best: int | None = None
    for s in getattr(photo, "sizes", None) or []:
        size = getattr(s, "size", None)
        if size is None and isinstance(s, types.PhotoSizeProgressive):
            size = max(s.sizes) if s.sizes else None
        if isinstance(size, int) and (best is None or size > best):
            best = size
    return best


def _photo_dims(photo: Any) -> tuple[int | None, int | None]:
    best: tuple[int | None, int | None] = (None, None)
    area = -1
    for s in getattr(photo, "sizes", None) or []:
        w, h = getattr(s, "w", None), getattr(s, "h", None)
        if isinstance(w, int) and isinstance(h, int) and w * h > area:
            best, area = (w, h), w * h
    return best


def document_media_type(doc: Any) -> str:
    """The export's ``media_type`` for a document (its order of checks), ``"file"`` for a generic file."""
    attrs = getattr(doc, "attributes", None) or []
    by_type = {type(a): a for a in attrs}
    if types.DocumentAttributeSticker in by_type:
        return "sticker"
    video = by_type.get(types.DocumentAttributeVideo)
    if video is not None and video.round_message:
        return "video_message"
    audio = by_type.get(types.DocumentAttributeAudio)
    if audio is not None and audio.voice:
        return "voice_message"
    if types.DocumentAttributeAnimated in by_type:
        return "animation"
    if video is not None:
        return "video_file"
    if audio is not None:
        return "audio_file"
    return "file"


def media_kind(media_type: str | None, mime: str | None) -> str:
    if media_type == "photo":
        return "image"
    if media_type in ("video_file", "animation", "video_message"):
        return "video"
    if mime and mime.startswith("image/"):
        return "image"
    if mime and mime.startswith("video/"):
        return "video"
    return "image" if media_type == "sticker" else "other"


def media_of(media: Any) -> tuple[str | None, dict[str, Any] | None, dict[str, Any]]:
    """(media_type, media_info, extra) for a message's media. Polls, places and contacts are not media in the
    export (no ``photo``/``file`` key), so they go to ``extra`` and leave the media type empty."""
    extra: dict[str, Any] = {}
    if media is None:
        return None, None, extra
    if isinstance(media, types.MessageMediaPhoto):
        info: dict[str, Any] = {"present": False}
        photo = media.photo
        if isinstance(photo, types.Photo):
            info["telegram_id"] = photo.id
            info["size"] = _photo_size(photo)
            info["width"], info["height"] = _photo_dims(photo)
        if media.spoiler:
            info["spoiler"] = True
        if media.ttl_seconds:
            info["self_destruct_seconds"] = media.ttl_seconds
        return "photo", {k: v for k, v in info.items() if v is not None}, extra
    if isinstance(media, types.MessageMediaDocument):
        doc = media.document
        if not isinstance(doc, types.Document):
            return "file", {"present": False}, extra
        media_type = document_media_type(doc)
        info = {"present": False, "telegram_id": doc.id, "size": doc.size, "mime_type": doc.mime_type}
        for a in doc.attributes or []:
            if isinstance(a, types.DocumentAttributeFilename):
                info["file_name"] = a.file_name
            elif isinstance(a, types.DocumentAttributeVideo):
                info["width"], info["height"], info["duration"] = a.w, a.h, a.duration
            elif isinstance(a, types.DocumentAttributeImageSize):
                info.setdefault("width", a.w)
                info.setdefault("height", a.h)
            elif isinstance(a, types.DocumentAttributeAudio):
                info["duration"] = a.duration
                if a.performer:
                    info["performer"] = a.performer
                if a.title:
                    info["title"] = a.title
            elif isinstance(a, types.DocumentAttributeSticker):
                info["sticker_emoji"] = a.alt
        if media.spoiler:
            info["spoiler"] = True
        if media.ttl_seconds:
            info["self_destruct_seconds"] = media.ttl_seconds
        return media_type, {k: v for k, v in info.items() if v is not None}, extra
    if isinstance(media, types.MessageMediaPoll):
        poll = media.poll
        question = getattr(poll.question, "text", poll.question)
        extra["poll"] = {
            "question": question,
            "closed": bool(poll.closed),
            "total_voters": getattr(media.results, "total_voters", None),
            "answers": [getattr(a.text, "text", a.text) for a in poll.answers],
        }
    elif isinstance(media, types.MessageMediaGeo | types.MessageMediaGeoLive | types.MessageMediaVenue):
        geo = media.geo
        if isinstance(geo, types.GeoPoint):
            extra["location_information"] = {"latitude": geo.lat, "longitude": geo.long}
        if isinstance(media, types.MessageMediaVenue):
            extra["place_name"], extra["address"] = media.title, media.address
    elif isinstance(media, types.MessageMediaContact):
        extra["contact_information"] = {
            "first_name": media.first_name,
            "last_name": media.last_name,
            "phone_number": media.phone_number,
        }
    elif isinstance(media, types.MessageMediaWebPage):
        url = getattr(media.webpage, "url", None)
        if url:
            extra["webpage_url"] = url
    else:
        extra["media_class"] = type(media).__name__
    return None, None, extra


def _reactions(reactions: Any) -> list[dict[str, Any]] | None:
    results = getattr(reactions, "results", None)
    if not results:
        return None
    out = []
    for rc in results:
        r = rc.reaction
        if isinstance(r, types.ReactionEmoji):
            out.append({"type": "emoji", "count": rc.count, "emoji": r.emoticon})
        elif isinstance(r, types.ReactionCustomEmoji):
            out.append({"type": "custom_emoji", "count": rc.count, "document_id": str(r.document_id)})
        else:
            out.append({"type": "paid", "count": rc.count})
    return out


# -- messages --------------------------------------------------------------------------------------------------------


def _author(msg: Any) -> str | None:
    """The export's ``from_id``: the sender, or the chat itself for channel posts and incoming private messages."""
    return peer_ref(msg.from_id) or peer_ref(msg.peer_id)


def _action_name(action: Any) -> str:
    name = _ACTIONS.get(type(action))
    if name is not None:
        return name
    # An action the export does not name: snake_case of the TL class, so it is still recognisable.
    stem = type(action).__name__.removeprefix("MessageAction")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", stem).lower()[:64] or "unknown"


def _membership(msg: Any, action_name: str, actor_id: str | None, actor: str | None) -> MembershipRecord:
    action = msg.action
    ids: list[int] = []
    if isinstance(action, types.MessageActionChatAddUser | types.MessageActionChatCreate):
        ids = list(action.users)
    elif isinstance(action, types.MessageActionChatDeleteUser):
        ids = [action.user_id]
    named = list(getattr(msg, "_action_entities", None) or [])
    members: list[str | None] = [display_name(named[i]) if i < len(named) else None for i, _ in enumerate(ids)]
    event = EVENT_OF_ACTION.get(action_name, "other")
    count = 0
    if action_name == "invite_members":
        count = len(ids)
    elif action_name in ("join_group_by_link", "join_group_by_request"):
        count = 1
    elif action_name == "remove_members":
        if actor_id is not None and [f"user{i}" for i in ids] == [actor_id]:
            event, count = "leave", 1
        else:
            count = len(ids)
    details: dict[str, Any] = {}
    if ids:
        details["member_ids"] = [f"user{i}" for i in ids]
    if isinstance(action, types.MessageActionChatJoinedByLink):
        details["inviter_id"] = f"user{action.inviter_id}"
    title = getattr(action, "title", None)
    if isinstance(title, str):
        details["title"] = title
    if isinstance(action, types.MessageActionPinMessage) and msg.reply_to is not None:
        details["message_id"] = msg.reply_to.reply_to_msg_id
    if isinstance(action, types.MessageActionChatMigrateTo):
        details["channel_id"] = action.channel_id
    if isinstance(action, types.MessageActionChannelMigrateFrom):
        details["chat_id"] = action.chat_id
    return MembershipRecord(
        event=event,
        action=action_name,
        actor_id=actor_id,
        actor_name=actor,
        members=members,
        member_count=count,
        details=details or None,
    )


def message_record(msg: Any) -> MessageRecord:
    """A :class:`MessageRecord` for a Telethon ``Message``/``MessageService`` (``MessageEmpty`` is not a message)."""
    sender = getattr(msg, "_sender", None)
    author_id = _author(msg)
    author_name = display_name(sender) if sender is not None else None
    if author_name is None and msg.from_id is None:
        author_name = display_name(getattr(msg, "_chat", None))
    rec = MessageRecord(
        platform_message_id=int(msg.id),
        kind="message",
        date=msg.date,
        author_id=author_id,
        author_name=author_name,
        edited_at=getattr(msg, "edit_date", None),
    )
    extra: dict[str, Any] = {"collected": "live"}
    if isinstance(msg, types.MessageService):
        rec.kind = "service"
        rec.action = _action_name(msg.action)
        rec.membership = _membership(msg, rec.action, author_id, author_name)
        if rec.membership.details:
            extra.update(rec.membership.details)
    else:
        text = msg.message or ""
        rec.text = text
        rec.entities = entities_of(text, msg.entities)
        rec.signature = msg.post_author
        rec.views = msg.views
        rec.grouped_id = msg.grouped_id
        if msg.forwards is not None:
            extra["forwards"] = msg.forwards
        fwd = msg.fwd_from
        if fwd is not None:
            rec.forwarded_from_id = peer_ref(fwd.from_id)
            forward = getattr(msg, "_forward", None)
            origin = None
            if forward is not None:
                origin = getattr(forward, "_sender", None) or getattr(forward, "_chat", None)
            rec.forwarded_from = fwd.from_name or display_name(origin)
            rec.forward_date = fwd.date
            rec.forward_message_id = fwd.channel_post
            if fwd.post_author:
                extra["forward_signature"] = fwd.post_author
            if fwd.saved_from_peer is not None:
                extra["saved_from_peer"] = peer_ref(fwd.saved_from_peer)
                extra["saved_from_message_id"] = fwd.saved_from_msg_id
        reply = msg.reply_to
        if isinstance(reply, types.MessageReplyHeader):
            rec.reply_to_message_id = reply.reply_to_msg_id
            if reply.reply_to_peer_id is not None:
                rec.reply_to_peer_id = peer_ref(reply.reply_to_peer_id)
            if reply.reply_to_top_id:
                extra["reply_to_top_id"] = reply.reply_to_top_id
        if msg.via_bot_id:
            bot = getattr(msg, "_via_bot", None)
            username = getattr(bot, "username", None)
            rec.via_bot = f"@{username}" if username else None
            extra["via_bot_id"] = f"user{msg.via_bot_id}"
        rec.media_type, rec.media_info, media_extra = media_of(msg.media)
        extra.update(media_extra)
        reactions = _reactions(msg.reactions)
        if reactions:
            extra["reactions"] = reactions
    rec.extra = extra
    return rec.finish()
