"""The demo case: ``tragac demo`` calls :func:`create_demo_case` after generating the corpus.

It creates the fictional case ``demo`` whose bank holds the hashes of the demo's planted "victim" pictures (benign
generated images in ``victim_originals/``) and whose watched identity is the fictional person the planted messages
name, then links what the pipeline found so every page and command has data.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tragac.cases.service import add_identities, create_case, import_hashes
from tragac.media.hasher import HashOptions, hash_file
from tragac.media.hashfile import write_hash_file
from tragac.store import Store
from tragac.store.models.cases import Case

DEMO_CASE = "demo"


def demo_identity(truth: dict[str, Any]) -> dict[str, Any]:
    w = truth.get("watched_identity") or {}
    address = " ".join(str(x) for x in (w.get("address"), w.get("city")) if x)
    return {
        "name": w.get("name") or "",
        "handles": [h for h in (w.get("instagram"),) if h],
        "phones": [p for p in (w.get("phone"),) if p],
        "addresses": [w["address"]] if w.get("address") else ([address] if address else []),
    }


def create_demo_case(store: Store, export_dir: Path, truth: dict[str, Any]) -> None:
    """Create (once) the case ``demo`` from the corpus's truth; then match and link findings. Idempotent."""
    with store.session() as s:
        exists = s.scalars(select(Case).where(Case.name == DEMO_CASE)).first() is not None
    if not exists:
        create_case(
            store,
            DEMO_CASE,
            pseudonym="Demo person (fictional)",
            caseworker="demo-caseworker",
            consent_notes="Fictional demo case: consent to monitoring, notices and an evidence package.",
            vault=True,
        )
        identity = demo_identity(truth)
        if identity["name"] or identity["phones"]:
            add_identities(store, DEMO_CASE, [identity], actor="demo")
        victims = (truth.get("planted_media") or {}).get("victim_items") or []
        files = [export_dir / v["file"] for v in victims if v.get("file") and (export_dir / v["file"]).is_file()]
        if files:
            # What a victim does on her own device: `tragac hash` over her originals, reference semantics.
            results = [hash_file(f, HashOptions(reference=True), display_path=f.name) for f in files]
            with tempfile.TemporaryDirectory() as tmp:
                hash_path = Path(tmp) / "victim-hashes.json"
                write_hash_file(hash_path, results)
                import_hashes(store, DEMO_CASE, hash_path, actor="demo")
    _match_and_link(store)


def _match_and_link(store: Store) -> None:
    from tragac.cases.linker import refresh_cases
    from tragac.cases.vault import collect_case_media
    from tragac.pipeline import run_stages, stages

    wanted: list[str] = [name for name in ("match", "spread") if name in {st.name for st in stages()}]
    if wanted:
        run_stages(store, only=wanted)
    refresh_cases(store)
    collect_case_media(store, DEMO_CASE, collector="demo")
