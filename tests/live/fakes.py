"""An offline Telegram for the collector tests: real Telethon TL objects behind a fake client."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PIL import Image
from telethon import utils
from telethon._updates.entitycache import EntityCache
from telethon.tl import functions, types
from telethon.tl.types import messages as tl_messages

CHANNEL = 1777000001  # fictional ids
ACCESS_HASH = 424242
T0 = datetime(2026, 5, 20, 8, 0, tzinfo=UTC)


def user(uid: int, first: str, last: str | None = None) -> types.User:
    return types.User(id=uid, first_name=first, last_name=last, access_hash=uid * 7)


def channel(cid: int = CHANNEL, title: str = "Test grupa", username: str | None = "test_grupa_fict") -> types.Channel:
    return types.Channel(
        id=cid,
        title=title,
        photo=types.ChatPhotoEmpty(),
        date=T0,
        megagroup=True,
        access_hash=ACCESS_HASH,
        username=username,
        participants_count=None,
    )


def text_message(mid: int, text: str, sender: int = 123, *, at: datetime | None = None, **kw: Any) -> types.Message:
    return types.Message(
        id=mid,
        peer_id=types.PeerChannel(CHANNEL),
        date=at or T0 + timedelta(minutes=mid),
        message=text,
        from_id=types.PeerUser(sender),
        **kw,
    )


def png_bytes(seed: int) -> bytes:
    """A benign generated picture: a colour gradient with a square."""
    im = Image.new("RGB", (96, 72))
    px = im.load()
    assert px is not None
    for x in range(96):
        for y in range(72):
            px[x, y] = ((x * 3 + seed * 40) % 256, (y * 3) % 256, (x + y + seed * 17) % 256)
    for x in range(20 + seed, 50 + seed):
        for y in range(20, 40):
            px[x, y] = (250, 250, 250)
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def photo_message(mid: int, photo_id: int, size: int) -> types.Message:
    photo = types.Photo(
        id=photo_id,
        access_hash=1,
        file_reference=b"",
        date=T0,
        sizes=[types.PhotoSize(type="y", w=96, h=72, size=size)],
        dc_id=2,
    )
    return text_message(mid, "", media=types.MessageMediaPhoto(photo=photo))


def document_message(mid: int, doc_id: int, size: int, mime: str = "video/mp4") -> types.Message:
    doc = types.Document(
        id=doc_id,
        access_hash=1,
        file_reference=b"",
        date=T0,
        mime_type=mime,
        size=size,
        dc_id=2,
        attributes=[
            types.DocumentAttributeVideo(duration=12.0, w=640, h=360),
            types.DocumentAttributeFilename("v.mp4"),
        ],
    )
    return text_message(mid, "", media=types.MessageMediaDocument(document=doc))


class _Dialog:
    def __init__(self, entity: Any) -> None:
        self.entity = entity


class Script:
    """Failures to raise during ``iter_messages`` calls: (call number, after n messages, exception)."""

    def __init__(self) -> None:
        self.plan: list[tuple[int, int, BaseException]] = []

    def add(self, call: int, after: int, exc: BaseException) -> None:
        self.plan.append((call, after, exc))

    def due(self, call: int, yielded: int) -> BaseException | None:
        for i, (c, after, exc) in enumerate(self.plan):
            if c == call and after == yielded:
                del self.plan[i]
                return exc
        return None


class FakeClient:
    """Implements the calls the collector makes; history is a dict of Telethon messages per channel id."""

    def __init__(self, entities: list[Any] | None = None) -> None:
        self._self_id = 999
        self._mb_entity_cache = EntityCache()
        self.history: dict[int, dict[int, Any]] = {}
        self.entities: dict[int, Any] = {}
        for e in entities or []:
            self.entities[utils.get_peer_id(e)] = e
        self.media: dict[int, bytes] = {}  # message id -> bytes served by download_media
        self.script = Script()
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.full: dict[int, int] = {}  # channel id -> participants_count
        self.connected = True
        self.handlers: list[tuple[Callable[[Any], Any], Any]] = []
        self.on_message: Callable[[int], None] | None = None  # hook before each history message is yielded
        self._history_calls = 0

    def add(self, *msgs: Any) -> None:
        for m in msgs:
            self.history.setdefault(m.peer_id.channel_id, {})[m.id] = m

    def _finish(self, m: Any) -> Any:
        m._finish_init(self, self.entities, None)
        return m

    async def iter_messages(self, entity: Any, limit: Any = None, **kw: Any) -> AsyncIterator[Any]:
        self.calls.append(("iter_messages", kw))
        if not self.connected:
            raise ConnectionError("not connected")
        chat = self.history.get(entity.channel_id, {})
        if kw.get("ids") is not None:
            for i in kw["ids"]:
                m = chat.get(i)
                yield self._finish(m) if m is not None else None
            return
        self._history_calls += 1
        call = self._history_calls
        yielded = 0
        for mid in sorted(chat):
            if mid <= (kw.get("min_id") or 0):
                continue
            exc = self.script.due(call, yielded)
            if exc is not None:
                if isinstance(exc, ConnectionError):
                    self.connected = False
                raise exc
            if self.on_message is not None:
                self.on_message(mid)
            yield self._finish(chat[mid])
            yielded += 1

    async def get_entity(self, entity: Any) -> Any:
        self.calls.append(("get_entity", {"entity": entity}))
        for e in self.entities.values():
            if isinstance(entity, str) and getattr(e, "username", None) == entity.lstrip("@"):
                return e
            if isinstance(entity, int) and utils.get_peer_id(e) == entity:
                return e
        raise ValueError(f'No user has "{entity}" as username')

    async def iter_dialogs(self) -> AsyncIterator[Any]:
        for e in self.entities.values():
            yield _Dialog(e)

    async def __call__(self, request: Any) -> Any:
        self.calls.append((type(request).__name__, {}))
        if isinstance(request, functions.channels.GetFullChannelRequest):
            cid = request.channel.channel_id
            full = types.ChannelFull(
                id=cid,
                about="",
                read_inbox_max_id=0,
                read_outbox_max_id=0,
                unread_count=0,
                chat_photo=types.PhotoEmpty(id=0),
                notify_settings=types.PeerNotifySettings(),
                bot_info=[],
                pts=1,
                participants_count=self.full.get(cid),
                online_count=17,
                admins_count=3,
            )
            return tl_messages.ChatFull(full_chat=full, chats=[], users=[])
        if isinstance(request, functions.messages.GetFullChatRequest):
            chat = types.Chat(
                id=request.chat_id,
                title="Mala grupa",
                photo=types.ChatPhotoEmpty(),
                participants_count=41,
                date=T0,
                version=1,
            )
            full = types.ChatFull(
                id=request.chat_id,
                about="",
                participants=types.ChatParticipantsForbidden(chat_id=request.chat_id),
                notify_settings=types.PeerNotifySettings(),
            )
            return tl_messages.ChatFull(full_chat=full, chats=[chat], users=[])
        raise AssertionError(f"unexpected request {request!r}")

    async def download_media(self, message: Any, file: Any = None, progress_callback: Any = None, **kw: Any) -> Any:
        self.calls.append(("download_media", {"id": message.id}))
        data = self.media.get(message.id)
        if data is None:
            return None
        if progress_callback is not None:
            progress_callback(len(data), len(data))
        with open(file, "wb") as fh:
            fh.write(data)
        return file

    async def connect(self) -> None:
        self.calls.append(("connect", {}))
        self.connected = True

    async def disconnect(self) -> None:
        self.connected = False

    def is_connected(self) -> bool:
        return self.connected

    async def is_user_authorized(self) -> bool:
        return True

    def add_event_handler(self, callback: Callable[[Any], Any], event: Any = None) -> None:
        self.handlers.append((callback, event))

    def history_calls(self) -> list[dict[str, Any]]:
        return [kw for name, kw in self.calls if name == "iter_messages" and kw.get("ids") is None]
