"""Instagram's "Download your information" JSON: the fixture in tests/data/platforms/instagram (built from the
published format, fictional people) ingests with its counts, Meta's mojibake repaired, the owner as the author of
her comments; and harassment of a watched person in those comments is flagged by the real pipeline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from ingest_helpers import count, snapshot
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.config import Settings
from tragac.progress import NullReporter
from tragac.sources.base import IngestResult, source_for
from tragac.store import Store, open_store

PLATFORMS = Path(__file__).resolve().parents[1] / "data" / "platforms"
IG = PLATFORMS / "instagram"


def _ingest(store: Store, path: Path) -> IngestResult:
    src = source_for(path)
    assert src.name == "instagram"
    return src.ingest(store, path, timezone="UTC", reporter=NullReporter())


def _rows(store: Store, sql: str) -> list[Any]:
    with store.engine.connect() as c:
        return list(c.execute(sa.text(sql)))


def test_download_counts_and_text(store: Store) -> None:
    r = _ingest(store, IG)
    assert (r.sources, r.messages_added, r.media, r.media_files_present, r.skipped) == (4, 15, 1, 1, 0)
    assert not r.errors and not r.warnings
    per_source = dict(
        _rows(
            store,
            "SELECT s.title, count(m.id) FROM source s JOIN message m ON m.source_id = s.id "
            "WHERE s.platform = 'instagram' GROUP BY s.title",
        )
    )
    assert per_source == {
        "Comments on milica.fiktivna's posts": 6,  # 5 post comments (one posted twice in a second) + 1 on a reel
        "Comments on gradska.biblioteka.fikt's posts": 2,
        "Comments on sport.klub.fikt's posts": 1,
        "Milica Fiktivić": 6,  # the message thread, over message_1.json and message_2.json
    }
    texts = {t for (t,) in _rows(store, "SELECT text FROM message")}
    # Meta writes "\u00c4\u0087" for "ć": repaired, emoji included.
    assert "Milica Fiktivić, znam gde živiš" in texts and "@milica.fiktivna sramota si, glupačo 🤮" in texts
    assert not any("Ã" in t or "Ä" in t for t in texts)
    # The comments file does not name its author: personal_information.json does.
    authors = _rows(
        store,
        "SELECT DISTINCT a.platform_id, a.display_name FROM message m JOIN author a ON a.id = m.author_id "
        "JOIN source s ON s.id = m.source_id WHERE s.kind = 'comments'",
    )
    assert authors == [("petar.izmisljeni77", "Petar Izmišljeni")]
    thread_authors = sorted(
        _rows(
            store,
            "SELECT a.platform_id, count(*) FROM message m JOIN author a ON a.id = m.author_id "
            "JOIN source s ON s.id = m.source_id WHERE s.kind = 'personal_chat' GROUP BY a.platform_id",
        )
    )
    assert thread_authors == [("name:Milica Fiktivić", 2), ("name:Petar Izmišljeni", 4)]
    assert count(store, "sighting") == 1 and count(store, "media") == 1
    (path,) = _rows(store, "SELECT file_path FROM sighting")[0]
    assert path == "your_instagram_activity/messages/inbox/milicafiktivna_17845/photos/1001.jpg"


def test_reingest_adds_nothing(store: Store) -> None:
    _ingest(store, IG)
    before = snapshot(store)
    again = _ingest(store, IG)
    assert (again.messages_added, again.messages_updated, again.messages_unchanged) == (0, 0, 15)
    assert snapshot(store) == before


def test_a_file_a_subfolder_and_the_oldest_comments_shape(sqlite_store: Store) -> None:
    one = _ingest(sqlite_store, IG / "your_instagram_activity" / "comments" / "reels_comments.json")
    assert (one.sources, one.messages_added) == (2, 2)
    thread = IG / "your_instagram_activity" / "messages" / "inbox" / "milicafiktivna_17845"
    assert _ingest(sqlite_store, thread / "message_2.json").messages_added == 6  # a page brings its siblings
    oldest = _ingest(sqlite_store, PLATFORMS / "instagram_oldest")
    assert (oldest.sources, oldest.messages_added) == (1, 2)
    texts = {t for (t,) in _rows(sqlite_store, "SELECT text FROM message")}
    assert {"Divno! 💐", "ko je ova kuja"} <= texts


def test_html_download_is_refused_with_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "instagram-petar-2024" / "your_instagram_activity" / "comments"
    folder.mkdir(parents=True)
    (folder / "post_comments_1.html").write_text("<html><body>Comments</body></html>")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "instagram-petar-2024"), "--home", str(tmp_path / "h")])
    assert result.exit_code == 2
    assert "HTML version of Instagram's Download your information" in result.output
    assert "JSON format" in result.output


def _cli(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_harassment_of_a_watched_person_in_comments_is_flagged(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    download = tmp_path / "instagram-download"
    shutil.copytree(IG, download)
    _cli("case", "create", "mf", "--pseudonym", "M. F.", "--caseworker", "cw", "--home", home)
    _cli("case", "watch", "mf", "--name", "Milica Fiktivić", "--handle", "@milica.fiktivna", "--home", home)
    ingested = _cli("ingest", str(download), "--home", home)
    assert ingested["messages_added"] == 15
    _cli("run", "--home", home)

    store = open_store(Settings(home=Path(home)))
    try:
        rows = _rows(
            store,
            "SELECT m.text, f.category, f.rule FROM flag f JOIN message m ON m.id = f.message_id "
            "JOIN source s ON s.id = m.source_id WHERE s.platform = 'instagram'",
        )
    finally:
        store.close()
    flags: dict[str, set[str]] = {}
    for text, category, rule in rows:
        flags.setdefault(text, set()).add(f"{category}:{rule}")
    insult = flags["@milica.fiktivna sramota si, glupačo 🤮"]
    threat = flags["Milica Fiktivić, znam gde živiš"]
    assert {"harassment:harassment.insult", "identity:identity.handle"} <= insult
    assert {"harassment:harassment.threat", "identity:identity.name"} <= threat
    assert "Lepa fotografija 🌅" not in flags  # a kind comment on her post is not a lead
    assert any(r.startswith("harassment:") for r in flags.get("odvratna si", set()))  # on her reel
