"""Web fixtures: an app over a seeded store on both backends, and signed-in clients per role."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tragac.config import Settings
from tragac.store import Store, open_store
from tragac.store.models import Media
from tragac.web import search
from tragac.web.accounts import create_user
from tragac.web.app import create_app
from tragac.web.throttle import Limits

from .seed import Seeded, picture, seed

PASSWORD = "a long test password"
ROLES = ("viewer", "analyst", "caseworker", "admin")


@dataclass
class Web:
    app: FastAPI
    store: Store
    client: Callable[..., TestClient]
    login: Callable[..., SignedIn]
    data: Seeded


@dataclass
class SignedIn:
    client: TestClient
    csrf: str
    name: str


def vault_reader(media: Media) -> bytes | None:
    """Stand-in for the evidence vault: generated pictures for every media row."""
    return picture(media.id)


def login(client: TestClient, name: str, password: str = PASSWORD) -> SignedIn:
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token, page.text
    r = client.post(
        "/login",
        data={"username": name, "password": password, "login_token": token.group(1), "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    home = client.get("/")
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', home.text)
    assert csrf
    return SignedIn(client, csrf.group(1), name)


def _prepare(store: Store) -> Seeded:
    data = seed(store)
    for role in ROLES:
        create_user(store, role, role, PASSWORD)
    return data


def _web(store: Store, data: Seeded | None = None) -> Iterator[Web]:
    data = data or _prepare(store)
    app = create_app(
        store.settings, store=store, throttle=Limits(per_account=3, per_address=6), media_reader=vault_reader
    )
    clients: list[TestClient] = []

    def client(**kw: object) -> TestClient:
        c = TestClient(app, **kw)  # type: ignore[arg-type]
        clients.append(c)
        return c

    def signed_in(role: str) -> SignedIn:
        return login(client(), role)

    yield Web(app, store, client, signed_in, data)
    for c in clients:
        c.close()


@pytest.fixture
def web(store: Store) -> Iterator[Web]:
    """The app on SQLite and on PostgreSQL."""
    yield from _web(store)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    """A seeded SQLite database built once; each test gets its own copy (migrating and seeding take ~0.5 s)."""
    home = tmp_path_factory.mktemp("web-template")
    store = open_store(Settings(home=home))
    with pytest.MonkeyPatch.context() as mp:
        _cheap_argon2(mp)
        data = _prepare(store)
    search.ensure_index(store)
    with store.engine.begin() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return home / "tragac.db", data


@pytest.fixture
def sqlite_web(sqlite_template: tuple[Path, Seeded], tmp_path: Path) -> Iterator[Web]:
    """The app on a private copy of the seeded SQLite store."""
    db, data = sqlite_template
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(db, home / "tragac.db")
    store = open_store(Settings(home=home))
    try:
        yield from _web(store, data)
    finally:
        store.close()


def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from tragac.web import accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("not a real password"))


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still argon2id, with the cheapest parameters: the production profile costs ~0.4 s per hash here."""
    _cheap_argon2(monkeypatch)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium: never a downloaded browser (see shared/notes/toolchain-measured.md)."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """The app under a real uvicorn on 127.0.0.1 and a free port, in a thread; yields the base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
