"""``tragac ingest PATH`` recognises each platform's download by its content and folder layout, leaves Telegram's
exports to the Telegram sources, and names the format when a download is given to the wrong source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.errors import InputError
from tragac.progress import NullReporter
from tragac.sources.base import source_for
from tragac.store import Store

PLATFORMS = Path(__file__).resolve().parents[1] / "data" / "platforms"
IG = PLATFORMS / "instagram" / "your_instagram_activity"
FB = PLATFORMS / "facebook" / "your_facebook_activity"
X = PLATFORMS / "x_archive"


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (PLATFORMS / "instagram", "instagram"),
        (IG, "instagram"),
        (IG / "comments", "instagram"),
        (IG / "comments" / "post_comments_1.json", "instagram"),
        (IG / "messages" / "inbox" / "milicafiktivna_17845", "instagram"),
        (IG / "messages" / "inbox" / "milicafiktivna_17845" / "message_1.json", "instagram"),
        (PLATFORMS / "instagram_oldest", "instagram"),
        (PLATFORMS / "facebook", "facebook"),
        (FB, "facebook"),
        (FB / "messages" / "inbox", "facebook"),
        (FB / "messages" / "inbox" / "drugarice_5512", "facebook"),
        (FB / "messages" / "inbox" / "drugarice_5512" / "message_1.json", "facebook"),
        (FB / "comments_and_reactions" / "comments.json", "facebook"),
        (X, "x-archive"),
        (X / "data", "x-archive"),
        (X / "data" / "tweets.js", "x-archive"),
        (X / "data" / "direct-messages-group.js", "x-archive"),
        (PLATFORMS / "generic" / "messages.csv", "generic"),
        (PLATFORMS / "generic" / "messages.jsonl", "generic"),
    ],
)
def test_each_download_is_recognised(path: Path, name: str) -> None:
    assert source_for(path).name == name


def test_telegram_exports_stay_telegrams(shared_fixtures: Path, tmp_path: Path) -> None:
    tg = shared_fixtures / "telegram"
    assert source_for(tg / "legacy-2021-saved-messages.json").name == "telegram-json"
    for folder in sorted((tg / "html").iterdir()):
        assert source_for(folder).name == "telegram-html"
    export = tmp_path / "ChatExport_2024-01-01"
    export.mkdir()
    shutil.copy(tg / "legacy-2021-saved-messages.json", export / "result.json")
    assert source_for(export).name == "telegram-json"
    assert source_for(tmp_path / "ChatExport_2024-01-01" / "result.json").name == "telegram-json"


def test_the_wrong_source_names_what_it_expected(sqlite_store: Store, shared_fixtures: Path) -> None:
    telegram = shared_fixtures / "telegram" / "legacy-2021-saved-messages.json"
    for name, expected in (
        ("instagram", "not a file of Instagram's Download your information"),
        ("facebook", "not a file of Facebook's Download your information"),
        ("x-archive", "no tweets.js or direct-messages.js here"),
        ("generic", "not CSV or JSONL"),
    ):
        with pytest.raises(InputError, match=expected):
            source_for(telegram, name).ingest(sqlite_store, telegram, timezone="UTC", reporter=NullReporter())
    with pytest.raises(InputError, match=r"no message_N\.json or comments\.json here"):
        source_for(X, "facebook").ingest(sqlite_store, X, timezone="UTC", reporter=NullReporter())


def test_cli_reads_a_download_and_names_the_platform_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(PLATFORMS / "facebook"), "--home", str(tmp_path / "h")])
    assert result.exit_code == 0, result.output
    assert "3 chat(s)" in result.output and "14 added" in result.output
    bad = CliRunner().invoke(app, ["ingest", str(X), "--source", "instagram", "--home", str(tmp_path / "h")])
    assert bad.exit_code == 2 and bad.output.startswith("error: ") and "Instagram" in bad.output


def test_an_older_instagram_download_with_only_messages_is_instagrams(sqlite_store: Store, tmp_path: Path) -> None:
    # Before 2023 the download had messages/inbox at its top, like Facebook's; its account file tells them apart.
    root = tmp_path / "instagram-petar-2022"
    shutil.copytree(IG / "messages", root / "messages")
    (root / "personal_information").mkdir()
    shutil.copy(
        PLATFORMS / "instagram" / "personal_information" / "personal_information" / "personal_information.json",
        root / "personal_information" / "personal_information.json",
    )
    src = source_for(root)
    assert src.name == "instagram"
    r = src.ingest(sqlite_store, root, timezone="UTC", reporter=NullReporter())
    assert (r.sources, r.messages_added) == (1, 6)
    assert source_for(root / "messages" / "inbox" / "milicafiktivna_17845").name == "instagram"
