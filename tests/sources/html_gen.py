"""Render a generated chat (:mod:`export_gen`'s messages) as a Telegram Desktop HTML export, in the layout that
``export_output_html.cpp`` writes: pages of 1000 messages, day separators, ``joined`` continuations (same sender,
same day, within 900 s), replies, forwards with their date, text links, media wraps and reactions.

The same ChatSpec and seed give the JSON export (``export_gen.write_export(single=True)``) and this HTML export of
the same chat, so tests can compare what both formats store. Used by the benchmark too (``--format html``).
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from export_gen import ChatSpec, message

PER_PAGE = 1000
JOIN_WITHIN_S = 900

_HEAD = """<!DOCTYPE html>
<html>
 <head>
  <meta charset="utf-8"/>
<title>Exported Data</title>
  <meta content="width=device-width, initial-scale=1.0" name="viewport"/>
  <link href="css/style.css" rel="stylesheet"/>
  <script src="js/script.js" type="text/javascript"></script>
 </head>
 <body onload="CheckLocation();">
  <div class="page_wrap">
   <div class="page_header">
    <div class="content">
     <div class="text bold">
{title}
     </div>
    </div>
   </div>
   <div class="page_body chat_page">
    <div class="history">
"""
_TAIL = """    </div>
   </div>
  </div>
 </body>
</html>
"""


def _e(s: str) -> str:
    return html.escape(s, quote=True).replace("&#x27;", "&apos;").replace("\n", "<br>")


def _title(ts: int, tz: timezone) -> str:
    d = datetime.fromtimestamp(ts, UTC).astimezone(tz)
    off = tz.utcoffset(None) or timedelta()
    sign = "+" if off >= timedelta() else "-"
    minutes = abs(int(off.total_seconds())) // 60
    return d.strftime("%d.%m.%Y %H:%M:%S") + f" UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _text(t: Any) -> str:
    if isinstance(t, str):
        return _e(t)
    out = []
    for part in t:
        if isinstance(part, str):
            out.append(_e(part))
        elif part["type"] == "text_link":
            out.append(f'<a href="{_e(part["href"])}">{_e(part["text"])}</a>')
        elif part["type"] == "bold":
            out.append(f"<strong>{_e(part['text'])}</strong>")
        else:
            out.append(_e(part["text"]))
    return "".join(out)


def _service_text(m: dict[str, Any]) -> str:
    action = m["action"]
    members = ", ".join(n if n is not None else "Deleted Account" for n in m.get("members", []))
    if action == "join_group_by_link":
        return f"{m['actor']} joined group by link from {m['inviter']}"
    if action == "invite_members":
        return f"{m['actor']} invited {members}"
    if action == "remove_members":
        return f"{m['actor']} removed {members}"
    return m.get("text") or action


def _render(m: dict[str, Any], prev: dict[str, Any] | None, tz: timezone, folder: Path) -> str:
    ts = int(m["date_unixtime"])
    if m["type"] == "service":
        return (
            f'     <div class="message service" id="message{m["id"]}">\n      <div class="body details">\n'
            f"{_e(_service_text(m))}\n      </div>\n     </div>\n"
        )
    joined = (
        prev is not None
        and prev["type"] == "message"
        and prev.get("from_id") == m.get("from_id")
        and "forwarded_from" not in prev
        and "forwarded_from" not in m
        and ts - int(prev["date_unixtime"]) < JOIN_WITHIN_S
        and datetime.fromtimestamp(ts, tz).date() == datetime.fromtimestamp(int(prev["date_unixtime"]), tz).date()
    )
    out = [f'     <div class="message default clearfix{" joined" if joined else ""}" id="message{m["id"]}">\n']
    if not joined:
        out.append(
            '      <div class="pull_left userpic_wrap">\n       <div class="userpic userpic2" style="width: 42px;'
            ' height: 42px">\n        <div class="initials" style="line-height: 42px">\nU\n        </div>\n'
            "       </div>\n      </div>\n"
        )
    out.append('      <div class="body">\n')
    out.append(f'       <div class="pull_right date details" title="{_title(ts, tz)}">\n{ts}\n       </div>\n')
    if not joined:
        out.append(f'       <div class="from_name">\n{_e(m["from"])}\n       </div>\n')
    if "reply_to_message_id" in m:
        rid = m["reply_to_message_id"]
        out.append(
            f'       <div class="reply_to details">\nIn reply to <a href="#go_to_message{rid}" '
            f'onclick="return GoToMessage({rid})">this message</a>\n       </div>\n'
        )
    body = []
    if "photo" in m:
        if (folder / m["photo"]).is_file():
            body.append(
                f'       <div class="media_wrap clearfix">\n        <a class="photo_wrap clearfix pull_left" '
                f'href="{_e(m["photo"])}">\n         <img class="photo" src="{_e(m["photo"])}" '
                'style="width: 260px; height: 195px"/>\n        </a>\n       </div>\n'
            )
        else:
            body.append(
                '       <div class="media_wrap clearfix">\n        <div class="media clearfix pull_left '
                'media_photo">\n         <div class="fill pull_left">\n         </div>\n         <div class="body">'
                '\n          <div class="title bold">\nPhoto\n          </div>\n          <div class="description">'
                "\nNot included, change data exporting settings to download.\n          </div>\n          "
                '<div class="status details">\n640x480, 12.1 KB\n          </div>\n         </div>\n        </div>\n'
                "       </div>\n"
            )
    elif m.get("media_type") == "video_file":
        body.append(
            '       <div class="media_wrap clearfix">\n        <div class="media clearfix pull_left media_video">\n'
            '         <div class="fill pull_left">\n         </div>\n         <div class="body">\n          '
            '<div class="title bold">\nVideo file\n          </div>\n          <div class="description">\n'
            "Not included, change data exporting settings to download.\n          </div>\n          "
            '<div class="status details">\n00:12, 97.7 KB\n          </div>\n         </div>\n        </div>\n'
            "       </div>\n"
        )
    if m.get("text"):
        body.append(f'       <div class="text">\n{_text(m["text"])}\n       </div>\n')
    if "forwarded_from" in m:
        out.append(
            '       <div class="pull_left forwarded userpic_wrap">\n       </div>\n'
            '       <div class="forwarded body">\n'
            f'        <div class="from_name">\n{_e(m["forwarded_from"])}<span class="date details" '
            f'title="{_title(ts - 86400, tz)}"> {_title(ts - 86400, tz)[:19]}</span>\n        </div>\n'
        )
        out.extend(body)
        out.append("       </div>\n")
    else:
        out.extend(body)
    if "reactions" in m:
        out.append('       <span class="reactions">\n')
        for r in m["reactions"]:
            out.append(
                f'        <span class="reaction">\n         <span class="emoji">\n{r["emoji"]}\n         </span>\n'
                f'         <span class="count">\n{r["count"]}\n         </span>\n        </span>\n'
            )
        out.append("       </span>\n")
    out.append("      </div>\n     </div>\n")
    return "".join(out)


def iter_messages(
    chat: ChatSpec, *, seed: int = 1, start: int = 1_780_000_000, photos: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    """The messages ``export_gen.write_chat`` writes for ``chat`` (same random stream)."""
    rnd = random.Random(seed * 7919 + chat.id)
    for i in range(1, chat.messages + 1):
        yield message(chat, i, rnd, start=start, photos=photos or [])


def write_html_export(
    folder: Path,
    chat: ChatSpec,
    *,
    seed: int = 1,
    start: int = 1_780_000_000,
    photos: dict[str, bytes] | None = None,
    offset_h: int = 2,
) -> Path:
    """Write ``chat`` as ``folder/messages.html``, ``messages2.html``, … (1000 messages a page); returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for rel, data in (photos or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    tz = timezone(timedelta(hours=offset_h))
    page, count, prev, day = 1, 0, None, None
    sep = 0
    out = (folder / "messages.html").open("w", encoding="utf-8")
    out.write(_HEAD.format(title=_e(chat.name)))
    for m in iter_messages(chat, seed=seed, start=start, photos=sorted(photos or {})):
        if count == PER_PAGE:
            page += 1
            out.write(f'     <a class="pagination block_link" href="messages{page}.html">\nNext messages\n     </a>\n')
            out.write(_TAIL)
            out.close()
            out = (folder / f"messages{page}.html").open("w", encoding="utf-8")
            out.write(_HEAD.format(title=_e(chat.name)))
            count, prev = 0, None
        d = datetime.fromtimestamp(int(m["date_unixtime"]), tz).date()
        if d != day:
            sep += 1
            out.write(
                f'     <div class="message service" id="message-{sep}">\n      <div class="body details">\n'
                f"{d.day} {d.strftime('%B %Y')}\n      </div>\n     </div>\n"
            )
            day, prev = d, None
        out.write(_render(m, prev, tz, folder))
        prev = m
        count += 1
    out.write(_TAIL)
    out.close()
    return folder
