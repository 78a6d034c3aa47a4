"""A Telegram Desktop single-chat export written from a list of posts, with generated pictures beside it.

The shape is what Telegram Desktop writes (zone-less local ``date`` next to ``date_unixtime``, ``photo`` as a path
relative to the export folder, ``text`` with ``text_entities``); the pictures are benign generated stand-ins
(``tragac.demo.media``: gradients, shapes and a label).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tragac.cases.service import create_case, import_hashes
from tragac.cli.main import app as cli
from tragac.demo.media import jpeg_bytes, picture
from tragac.pipeline import run_stages
from tragac.sources.telegram_json import ingest_path
from tragac.store import Store
from tragac.store.models import Media
from tragac.web.accounts import create_user
from tragac.web.app import create_app

CHAT_ID = 1874406217
PASSWORD = "a long test password"
T0 = 1_790_000_000  # 2026-09-21 UTC: every post is this plus its offset


@dataclass
class Post:
    id: int
    text: str
    photo: bytes | None = None
    offset_s: int = 0


def original(seed: str) -> bytes:
    """The victim's own picture (a generated stand-in)."""
    return jpeg_bytes(picture(seed, label=seed))


def write_export(root: Path, posts: list[Post], *, chat_id: int = CHAT_ID, name: str = "Razmena 018") -> Path:
    """Write ``root/result.json`` (a private supergroup) and ``root/photos/…``; returns ``root``."""
    (root / "photos").mkdir(parents=True, exist_ok=True)
    messages: list[dict[str, Any]] = []
    for p in posts:
        ts = T0 + p.offset_s
        local = (datetime.fromtimestamp(ts, UTC) + timedelta(hours=2)).replace(tzinfo=None).isoformat()
        m: dict[str, Any] = {
            "id": p.id,
            "type": "message",
            "date": local,
            "date_unixtime": str(ts),
            "from": f"Korisnik {p.id % 7}",
            "from_id": f"user{5000 + p.id % 7}",
        }
        if p.photo is not None:
            rel = f"photos/photo_{p.id}@21-09-2026_10-00-00.jpg"
            (root / rel).write_bytes(p.photo)
            m.update(photo=rel, photo_file_size=len(p.photo), width=640, height=480)
        m["text"] = p.text
        m["text_entities"] = [{"type": "plain", "text": p.text}] if p.text else []
        messages.append(m)
    doc = {"name": name, "type": "private_supergroup", "id": chat_id, "messages": messages}
    (root / "result.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    return root


@dataclass
class Client:
    http: TestClient
    csrf: str


@contextmanager
def signed_in(store: Store, name: str, role: str, reader: Callable[[Media], bytes | None]) -> Iterator[Client]:
    """The web app over ``store`` (``reader`` stands in for the vault: bytes for any media, so that only the
    policy decides what is withheld) and a client signed in as a new user ``name`` with ``role``."""
    create_user(store, name, role, PASSWORD)
    app = create_app(store.settings, store=store, media_reader=reader)
    with TestClient(app) as client:
        page = client.get("/login")
        token = re.search(r'name="login_token" value="([^"]+)"', page.text)
        assert token, page.text
        r = client.post(
            "/login",
            data={"username": name, "password": PASSWORD, "login_token": token.group(1), "next": "/"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)
        assert csrf
        yield Client(client, csrf.group(1))


def victim_case(store: Store, tmp_path: Path, name: str, seeds: list[str], *, vault: bool = True) -> list[bytes]:
    """Her pictures hashed on "her device" with ``tragac hash`` (only hashes leave it), then a case with the vault
    opted in and her hash file imported. Returns the original pictures."""
    device = tmp_path / "device"
    device.mkdir(exist_ok=True)
    pictures = [original(seed) for seed in seeds]
    files = []
    for seed, data in zip(seeds, pictures, strict=True):
        (device / f"{seed}.jpg").write_bytes(data)
        files.append(str(device / f"{seed}.jpg"))
    hash_file = tmp_path / f"{name}-hashes.json"
    res = CliRunner().invoke(cli, ["hash", *files, "-o", str(hash_file), "--json"])
    assert res.exit_code == 0, res.output
    create_case(store, name, pseudonym="D.", caseworker="mila", vault=vault)
    assert import_hashes(store, name, hash_file, actor="mila")["items"] == len(seeds)
    return pictures


def ingest_and_run(store: Store, root: Path) -> None:
    ingest_path(store, root, timezone="Europe/Belgrade")
    run_stages(store)  # hash, match, signals, spread, cases: what `tragac run` does
