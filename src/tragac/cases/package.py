"""Evidence packages: ``tragac evidence export CASE -o FILE.zip`` and ``tragac evidence verify FILE.zip``.

The zip holds ``manifest.json`` (every item with SHA-256, capture and posting times, message link or URL, source
and author platform ids, flags and matches with their reasons and distances; each item carries ``item_hash`` over
its own canonical JSON), ``custody.jsonl`` (the hash-chained custody log up to and including this export, whose
entry records the root hash of all items), ``summary.html`` (and ``summary.pdf`` on request) for a lawyer, and
``media/<sha256>`` only where the vault holds the file (``.enc`` when encrypted for a recipient key).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

import tragac
from tragac import policy
from tragac.cases import custody
from tragac.cases.recipient import encrypt_for, load_public_key
from tragac.cases.service import get_case, keyring
from tragac.cases.vault import Vault, purge_withheld
from tragac.errors import InputError
from tragac.store import Store
from tragac.store.models.cases import CaseFinding, VaultCapture
from tragac.store.models.core import Author, Media, Message, Source
from tragac.store.models.matching import Bank, BankEntry, Match, SpreadCluster
from tragac.store.models.signals import Flag

FORMAT = "tragac-evidence/1"
_TEMPLATES = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")), autoescape=select_autoescape(["html"])
)


def canonical(obj: Any) -> bytes:
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


def item_hash(item: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({k: v for k, v in item.items() if k != "item_hash"})).hexdigest()


def items_root(items: list[dict[str, Any]]) -> str:
    return hashlib.sha256("".join(str(it.get("item_hash")) for it in items).encode()).hexdigest()


def _iso(dt: datetime | None) -> str | None:
    return custody.iso(dt) if dt else None


def _reason_text(f: CaseFinding) -> str:
    r = f.reason or {}
    if f.kind == "match":
        return f"{r.get('signal_type')} hash match, distance {r.get('distance')} to {r.get('entry')}"
    if f.kind == "spread":
        return f"spread cluster: {r.get('media')} files, {r.get('sightings')} sightings in {r.get('sources')} sources"
    return f"{r.get('category', f.kind)} flag ({r.get('rule')})"


HOTLINE_NOTE = (
    "may involve a minor: referred to a hotline by reference only; this package holds no media, hashes, text or "
    "match details of it"
)


def _reference_only(s: Session, f: CaseFinding) -> dict[str, Any]:
    """A possibly-minor item: where it is (the location a hotline needs) and nothing that handles it as evidence."""
    source = None
    if f.message_id:
        message = s.get(Message, f.message_id)
        source = s.get(Source, message.source_id) if message else None
    return {
        "id": f"item-{f.id}",
        "finding_id": f.id,
        "kind": f.kind,
        "url": f.url,
        "posted_at": _iso(f.posted_at),
        "captured_at": _iso(f.found_at),
        "capture": {"collector": "tragac", "tool_version": tragac.__version__, "method": "reference-only"},
        "media": None,
        "source": {"platform": source.platform, "platform_id": source.platform_id} if source else None,
        "author": None,
        "message": None,
        "matches": [],
        "flags": [],
        "reason": {"rule": policy.POSSIBLE_MINOR},
        "reason_text": HOTLINE_NOTE,
        "possible_minor": True,
        "hotline_referral": True,
        "file": None,
        "file_encrypted": False,
    }


def _item(s: Session, f: CaseFinding, captures: dict[str, VaultCapture], minor: bool) -> dict[str, Any]:
    if minor:
        return _reference_only(s, f)
    media = s.get(Media, f.media_id) if f.media_id else None
    message = s.get(Message, f.message_id) if f.message_id else None
    source = s.get(Source, message.source_id) if message else None
    if source is None and f.sighting_id:
        from tragac.store.models.core import Sighting

        sighting = s.get(Sighting, f.sighting_id)
        source = s.get(Source, sighting.source_id) if sighting and sighting.source_id else None
    author = s.get(Author, message.author_id) if message and message.author_id else None
    matches = []
    if f.media_id:
        rows = s.execute(
            select(Match, BankEntry, Bank)
            .join(BankEntry, BankEntry.id == Match.entry_id)
            .join(Bank, Bank.id == Match.bank_id)
            .where(Match.media_id == f.media_id)
            .order_by(Match.id)
        ).all()
        matches = [
            {
                "bank": bank.name,
                "signal_type": m.signal_type,
                "distance": m.distance,
                "entry": entry.label,
                "variant": entry.variant,
                "query_match_fraction": m.query_match_fraction,
                "entry_match_fraction": m.entry_match_fraction,
                "found_at": _iso(m.found_at),
            }
            for m, entry, bank in rows
        ]
    flag_q = select(Flag).where(Flag.id == f.flag_id) if f.flag_id else None
    if flag_q is None and (f.message_id or f.media_id):
        cond = Flag.message_id == f.message_id if f.message_id else Flag.media_id == f.media_id
        flag_q = select(Flag).where(cond)
    flags = (
        [
            {
                "id": fl.id,
                "detector": fl.detector,
                "category": fl.category,
                "subtype": fl.subtype,
                "rule": fl.rule,
                "why": fl.why,
                "score": fl.score,
                "spans": fl.spans,
                "state": fl.state,
            }
            for fl in s.scalars(flag_q.order_by(Flag.id))
        ]
        if flag_q is not None
        else []
    )
    cap = captures.get(f.media_sha256 or "")
    item: dict[str, Any] = {
        "id": f"item-{f.id}",
        "finding_id": f.id,
        "kind": f.kind,
        "url": f.url,
        "posted_at": _iso(f.posted_at),
        "captured_at": _iso(cap.captured_at if cap else f.found_at),
        "capture": (
            {"collector": cap.collector, "tool_version": cap.tool_version, "source": cap.source, "link": cap.link}
            if cap
            else {"collector": "tragac", "tool_version": tragac.__version__, "method": "hash-only"}
        ),
        "media": (
            {
                "sha256": media.sha256,
                "md5": media.md5,
                "pdq": media.pdq,
                "pdq_quality": media.pdq_quality,
                "kind": media.kind,
                "size": media.size,
            }
            if media
            else None
        ),
        "source": (
            {
                "platform": source.platform,
                "platform_id": source.platform_id,
                "title": source.title,
                "username": source.username,
            }
            if source
            else None
        ),
        "author": {"platform": author.platform, "platform_id": author.platform_id} if author else None,
        "message": (
            {"platform_message_id": message.platform_message_id, "date": _iso(message.date), "text": message.text}
            if message and f.kind in ("identity", "doxxing")
            else ({"platform_message_id": message.platform_message_id, "date": _iso(message.date)} if message else None)
        ),
        "matches": matches,
        "flags": flags,
        "reason": f.reason,
        "reason_text": _reason_text(f),
        "possible_minor": False,
        "file": None,
        "file_encrypted": False,
    }
    if f.cluster_id:
        cl = s.get(SpreadCluster, f.cluster_id)
        if cl:
            item["spread"] = {
                "media": cl.media_count,
                "sightings": cl.sighting_count,
                "sources": cl.source_count,
                "first_seen": _iso(cl.first_seen),
                "last_seen": _iso(cl.last_seen),
            }
    return item


@dataclass
class ExportResult:
    path: Path
    sha256: str
    items: int
    media_files: int
    custody_head: str


def export_package(
    store: Store,
    case_ref: str | int,
    out: Path,
    *,
    actor: str,
    recipient_key: Path | None = None,
    pdf: bool = False,
    now: datetime | None = None,
) -> ExportResult:
    """Write the case's evidence package to ``out`` (atomically) and log the export in the custody chain."""
    recipient = load_public_key(recipient_key) if recipient_key else None
    when = now or datetime.now(UTC)
    ring = keyring(store)
    vault = Vault(store, ring)
    files: dict[str, bytes] = {}
    with store.session() as s:
        case = get_case(s, case_ref)
        # Copies of media that became possibly-minor after capture are destroyed before anything is packaged.
        purge_withheld(store, s, case)
        captures = {c.sha256: c for c in s.scalars(select(VaultCapture).where(VaultCapture.case_id == case.id))}
        findings = s.scalars(
            select(CaseFinding).where(CaseFinding.case_id == case.id).order_by(CaseFinding.found_at, CaseFinding.id)
        ).all()
        withheld = policy.withheld_findings(s, findings)
        items = [_item(s, f, captures, f.id in withheld) for f in findings]
        for it in items:
            sha = (it.get("media") or {}).get("sha256")
            if not sha or sha not in captures or it["possible_minor"] or case.possible_minor or not vault.has(sha):
                continue
            name = f"media/{sha}"
            if name + ".enc" not in files and name not in files:
                data = vault.get_bytes(sha)
                if recipient is not None:
                    name += ".enc"
                    data = encrypt_for(recipient, data, sha.encode())
                files[name] = data
            else:
                name = name + ".enc" if recipient is not None else name
            it["file"] = name
            it["file_encrypted"] = recipient is not None
        for it in items:
            it["item_hash"] = item_hash(it)
        root = items_root(items)
        ev = custody.append(
            s,
            case.id,
            actor=actor,
            action="export",
            item=f"package:{out.name}",
            at=when,
            details={"file": out.name, "items": len(items), "items_root": root, "media_files": len(files)},
        )
        chain = custody.chain(s, case.id)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "case": {
                "name": case.name,
                "pseudonym": case.pseudonym,
                "caseworker": case.caseworker,
                "state": case.state,
                "possible_minor": case.possible_minor,
            },
            "exported_at": custody.iso(when),
            "exported_by": actor,
            "tool": {"name": "tragac", "version": tragac.__version__},
            "media_included": bool(files),
            "media_encrypted": recipient is not None and bool(files),
            "items": items,
            "items_root": root,
            # Locations only, for the hotline: the items above that this package deliberately does not hold.
            "hotline_referrals": [{"item": it["id"], "url": it["url"]} for it in items if it["possible_minor"]],
            "custody": {"entries": len(chain), "head": ev.hash},
        }
        files["custody.jsonl"] = b"".join(canonical(e) + b"\n" for e in chain)
        counts = dict(Counter(it["kind"] for it in items))
        html = _TEMPLATES.get_template("summary.html").render(
            m=manifest, custody=chain, counts=counts, filename=out.name, lang="en"
        )
        files["summary.html"] = html.encode("utf-8")
        if pdf:
            from weasyprint import HTML

            files["summary.pdf"] = HTML(string=html).write_pdf() or b""
        manifest["files"] = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
        media_count = sum(1 for n in files if n.startswith("media/"))
        # Write to a temporary name first: a failure leaves no half-written package and no custody entry.
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr("manifest.json", orjson.dumps(manifest, option=orjson.OPT_INDENT_2), zipfile.ZIP_DEFLATED)
            for name, data in sorted(files.items()):
                method = zipfile.ZIP_STORED if name.startswith("media/") else zipfile.ZIP_DEFLATED
                zf.writestr(name, data, method)
        os.replace(tmp, out)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        custody.append(
            s,
            case.id,
            actor=actor,
            action="export_completed",
            item=f"package:{out.name}",
            at=when,
            details={"file": out.name, "sha256": digest},
        )
        return ExportResult(out, digest, len(items), media_count, ev.hash)


@dataclass
class VerifyResult:
    ok: bool
    items: int = 0
    files: int = 0
    custody_entries: int = 0
    custody_head: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def first_problem(self) -> str | None:
        return self.problems[0] if self.problems else None


def verify_package(path: Path) -> VerifyResult:
    """Recompute every file hash, every item hash, the items root and the custody chain; list what is wrong,
    item problems first in item order (so ``problems[0]`` names the first bad item), then the custody chain, then
    other files."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path}: not a readable zip ({exc})") from None
    res = VerifyResult(ok=False)
    with zf:
        try:
            manifest = orjson.loads(zf.read("manifest.json"))
        except KeyError:
            res.problems.append("manifest.json is missing")
            return res
        except (zipfile.BadZipFile, orjson.JSONDecodeError, OSError) as exc:
            res.problems.append(f"manifest.json is damaged ({exc})")
            return res
        if manifest.get("format") != FORMAT:
            res.problems.append(f"manifest.json: format is {manifest.get('format')!r}, expected {FORMAT}")
            return res
        listed: dict[str, str] = manifest.get("files", {})
        items: list[dict[str, Any]] = manifest.get("items", [])
        res.items = len(items)
        by_file = {it.get("file"): it for it in items if it.get("file")}

        def label(it: dict[str, Any]) -> str:
            return f"item {it.get('id')} ({it.get('url') or it.get('kind')})"

        def read(name: str) -> bytes | None:
            try:
                return zf.read(name)
            except KeyError:
                return None
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise _Damaged(str(exc)) from None

        item_problems: list[str] = []
        file_problems: list[str] = []
        for it in items:
            if item_hash(it) != it.get("item_hash"):
                item_problems.append(f"{label(it)}: manifest entry altered (item hash mismatch)")
                continue
            name = it.get("file")
            if not name:
                continue
            try:
                data = read(name)
            except _Damaged as exc:
                item_problems.append(f"{label(it)}: file {name} is damaged ({exc})")
                continue
            if data is None:
                item_problems.append(f"{label(it)}: file {name} is missing")
            elif hashlib.sha256(data).hexdigest() != listed.get(name):
                item_problems.append(f"{label(it)}: file {name} altered (SHA-256 mismatch)")
            elif not it.get("file_encrypted") and hashlib.sha256(data).hexdigest() != (it.get("media") or {}).get(
                "sha256"
            ):
                item_problems.append(f"{label(it)}: file {name} is not the media the item records")
        for name, digest in listed.items():
            if name in by_file:
                continue
            try:
                data = read(name)
            except _Damaged as exc:
                file_problems.append(f"{name} is damaged ({exc})")
                continue
            if data is None:
                file_problems.append(f"{name} is missing")
            elif hashlib.sha256(data).hexdigest() != digest:
                file_problems.append(f"{name} altered (SHA-256 mismatch)")
            res.files += 1
        res.files += len(by_file)
        extra = set(zf.namelist()) - set(listed) - {"manifest.json"}
        file_problems += [f"{name} is not listed in the manifest" for name in sorted(extra)]
        if items_root(items) != manifest.get("items_root"):
            file_problems.append("manifest.json: items root does not match the items")
        custody_problems: list[str] = []
        try:
            raw = read("custody.jsonl") or b""
            entries = [orjson.loads(line) for line in raw.splitlines() if line.strip()]
        except (_Damaged, orjson.JSONDecodeError) as exc:
            entries = []
            custody_problems.append(f"custody.jsonl is damaged ({exc})")
        ok, why = custody.verify_chain(entries)
        if not ok and why:
            custody_problems.append(why)
        res.custody_entries = len(entries)
        res.custody_head = entries[-1]["hash"] if entries else None
        head = (manifest.get("custody") or {}).get("head")
        if entries and head != entries[-1].get("hash"):
            custody_problems.append("custody log does not end at the head the manifest records")
        export = next((e for e in reversed(entries) if e.get("action") == "export"), None)
        if export is None:
            custody_problems.append("custody log has no export entry")
        elif (export.get("details") or {}).get("items_root") != manifest.get("items_root"):
            custody_problems.append("the export entry of the custody log does not match these items")
        res.problems = item_problems + custody_problems + file_problems
        res.ok = not res.problems
    return res


class _Damaged(Exception):
    pass


def decrypt_media(path: Path, private_key: Path, out_dir: Path) -> int:
    """Decrypt a package's ``.enc`` media with the recipient's private key; each is checked against its SHA-256."""
    from tragac.cases.recipient import decrypt_with, load_private_key

    key = load_private_key(private_key)
    out_dir.mkdir(parents=True, exist_ok=True)
    n = 0
    with zipfile.ZipFile(path) as zf:
        manifest = orjson.loads(zf.read("manifest.json"))
        for it in manifest.get("items", []):
            name = it.get("file")
            if not name or not it.get("file_encrypted"):
                continue
            sha = it["media"]["sha256"]
            data = decrypt_with(key, zf.read(name), sha.encode())
            if hashlib.sha256(data).hexdigest() != sha:
                raise InputError(f"item {it['id']}: decrypted bytes do not match SHA-256 {sha}")
            target = out_dir / sha
            if not target.exists():
                target.write_bytes(data)
                n += 1
    return n
