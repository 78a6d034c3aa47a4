"""The demo corpus as `tragac demo` builds it (generate, ingest, the demo case, every stage), once per session and
backend, plus an encrypted evidence package of the demo case so the dossiers have a package to refer to."""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from tragac.config import Settings
from tragac.store import Store, open_store
from tragac.store.models import Message, Source

SMALL = {"seed": 7, "days": 7, "scale": 0.05}


@dataclass
class Demo:
    store: Store
    truth: dict[str, Any]
    busiest: int  # source id of the group with the most messages
    first_poster: int  # author id of the first poster of the victim's first picture
    package: Path


def _build(settings: Settings, root: Path) -> Demo:
    from tragac.cases.demo import DEMO_CASE
    from tragac.cases.package import export_package
    from tragac.demo.generate import TRUTH_FILE
    from tragac.demo.run import run_demo

    store = open_store(settings)
    result = run_demo(store, **SMALL)  # type: ignore[arg-type]
    truth = orjson.loads((Path(result["export"]) / TRUTH_FILE).read_bytes())
    package = root / "demo-case.zip"
    export_package(store, DEMO_CASE, package, actor="mila")
    with store.session() as s:
        n = func.count(Message.id)
        busiest = s.execute(
            select(Message.source_id).where(Message.kind == "message").group_by(Message.source_id)
            .order_by(n.desc(), Message.source_id).limit(1)
        ).scalar_one()  # fmt: skip
        first = truth["planted_media"]["victim_items"][0]["reposts"][0]
        poster = s.execute(
            select(Message.author_id)
            .join(Source, Source.id == Message.source_id)
            .where(Source.platform_id == str(first["chat_id"]), Message.platform_message_id == first["message_id"])
        ).scalar_one()
    assert poster is not None
    return Demo(store, truth, busiest, poster, package)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    root = tmp_path_factory.mktemp("dossier-demo")
    d = _build(Settings(home=root / "home"), root)
    yield d
    d.store.close()


@pytest.fixture(scope="session")
def pg_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The same demo on PostgreSQL, in a fresh schema dropped afterwards."""
    # Several folders have a module named ``conftest``; load the root one by its path.
    spec = importlib.util.spec_from_file_location("tests_root_conftest", Path(__file__).parents[1] / "conftest.py")
    assert spec is not None and spec.loader is not None
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)
    PG_URL = root_conftest.PG_URL
    root_conftest.require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    root = tmp_path_factory.mktemp("dossier-pg")
    try:
        d = _build(Settings(home=root / "home", database_url=f"{PG_URL}{sep}options=-csearch_path%3D{schema}"), root)
        yield d
        d.store.close()
    finally:
        with admin.begin() as c:
            c.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
