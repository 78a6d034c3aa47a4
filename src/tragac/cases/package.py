"""Evidence packages: ``tragac evidence export CASE -o FILE.zip`` and ``tragac evidence verify FILE.zip``.

The zip holds ``manifest.json`` (every item with SHA-256, capture and posting times, message link or URL, source
and author platform ids, flags and matches with their reasons and distances; each item carries ``item_hash`` over
its own canonical JSON), ``custody.jsonl`` (the hash-chained custody log up to and including this export, whose
entry records the root hash of all items), ``summary.html`` (and an A4 ``summary.pdf`` on request, en or sr) for a
lawyer, ``media/<sha256><ext>.enc`` only where the vault holds the file (encrypted by default), and the seal
(``signature.json``, ``timestamps.json``, ``timestamps/<n>.tsr``: see ``package_seal``).

API (also used by the web case page)::

    res = export_package(store, case, out_path, actor="mila",          # the Tragač user, named in custody
                         encrypt=True,                                 # default; False = plain, logged
                         passphrase=None, recipient_key=None,           # neither: a passphrase is made
                         pdf=False, lang="en", tsa_urls=None, now=None)
    res.passphrase          # the made passphrase: show it ONCE, store it nowhere (None otherwise)
    res.manifest_sha256, res.signing_key, res.media_encryption, res.timestamped_by, res.timestamps_queued

    v = verify_package(path, public_keys=None, tsa_certs=None,          # Ed25519PublicKey / x509.Certificate lists
                       expected_manifest_sha256=None, require_timestamp=False)
    v.ok, v.failures (each a Failure: file, check, item, message), v.problems (the messages),
    v.signature, v.timestamps, v.timestamps_queued

    decrypt_media(path, out_dir, private_key=PEM_PATH | passphrase=TEXT) -> number of files written
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import secrets
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

import tragac
from tragac import policy
from tragac.cases import custody, package_seal
from tragac.cases import passphrase as pp
from tragac.cases.recipient import encrypt_for, load_public_key
from tragac.cases.service import get_case, keyring
from tragac.cases.timestamps import split_list
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


def _when(value: str | None) -> str:
    """An ISO time of the manifest as a reader wants it on paper: ``2026-10-10 20:23:53`` (UTC, whole seconds);
    the manifest keeps the exact value."""
    if not value:
        return ""
    return value.replace("T", " ").removesuffix("Z").split(".")[0].split("+")[0]


_TEMPLATES.filters["when"] = _when


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
    manifest_sha256: str = ""
    signing_key: str = ""
    media_encryption: str = "none"
    # The passphrase Tragač made for this package: shown once to the exporter, stored nowhere.
    passphrase: str | None = None
    timestamped_by: list[str] = field(default_factory=list)
    timestamps_queued: list[str] = field(default_factory=list)


_MAGIC = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG", ".png"), (b"GIF8", ".gif"), (b"RIFF", ".webp"))


def _extension(data: bytes, mime: str | None) -> str:
    """A file name extension (``.jpg``, ``.mp4``) so a recipient's tools open the file: from the recorded MIME type,
    else from the file's first bytes."""
    ext = mimetypes.guess_extension(mime, strict=False) if mime else None
    if ext in (".jpe", ".jpeg"):
        ext = ".jpg"
    if ext:
        return ext
    for magic, guess in _MAGIC:
        if data.startswith(magic):
            return guess
    if data[4:8] == b"ftyp":
        return ".mp4"
    return ".bin"  # an unknown format is named as such rather than guessed from the media kind


def export_package(
    store: Store,
    case_ref: str | int,
    out: Path,
    *,
    actor: str,
    encrypt: bool = True,
    passphrase: str | None = None,
    recipient_key: Path | None = None,
    pdf: bool = False,
    lang: str = "en",
    tsa_urls: list[str] | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Write the case's evidence package to ``out`` (atomically), sign and time-stamp it, log it in the custody chain.

    Media are encrypted unless ``encrypt=False`` (logged in the custody entry as an explicit choice): for
    ``recipient_key`` when given, else under ``passphrase``, else under a fresh passphrase returned once in
    ``ExportResult.passphrase``. ``actor`` is the Tragač user the custody log names. ``tsa_urls`` defaults to the
    configured TSAs; an unreachable one is queued (see ``package_seal``)."""
    if lang not in LANGS:
        raise InputError(f"language must be one of {', '.join(LANGS)}")
    if not actor or not actor.strip():
        raise InputError("say who exports: the Tragač user is named in the custody log")
    if not encrypt and (passphrase or recipient_key):
        raise InputError("a passphrase or recipient key makes no sense with a plain (unencrypted) package")
    recipient = load_public_key(recipient_key) if recipient_key else None
    made_passphrase = None
    media_key: bytes | None = None
    enc_params: dict[str, Any] | None = None
    if encrypt and recipient is None:
        made_passphrase = None if passphrase else pp.new_passphrase()
        salt = secrets.token_bytes(16)
        media_key = pp.derive(passphrase or made_passphrase or "", salt)
        enc_params = pp.params(salt)
    scheme = "none" if not encrypt else ("recipient-x25519" if recipient is not None else pp.SCHEME)
    when = now or datetime.now(UTC)
    settings = store.settings
    home = settings.ensure_home()
    urls = list(split_list(settings.evidence.evidence_tsa_urls) if tsa_urls is None else tsa_urls)
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
            cap_media = s.get(Media, captures[sha].media_id) if captures[sha].media_id else None
            data = vault.get_bytes(sha)
            ext = _extension(data, cap_media.mime_type if cap_media else None)
            name = f"media/{sha}{ext}" + (".enc" if encrypt else "")
            if name not in files:
                if recipient is not None:
                    data = encrypt_for(recipient, data, sha.encode())
                elif media_key is not None:
                    data = pp.encrypt(media_key, data, sha.encode())
                files[name] = data
            it["file"] = name
            it["file_encrypted"] = encrypt
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
            details={
                "file": out.name,
                "items": len(items),
                "items_root": root,
                "media_files": len(files),
                "media_encryption": scheme,
                # Plain media leave the vault only by an explicit choice, and the log says who made it.
                **({"plain_by_explicit_choice": True} if not encrypt and files else {}),
                "timestamp_authorities": urls,
            },
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
            "media_encrypted": encrypt and bool(files),
            "media_encryption": ({"scheme": scheme} | (enc_params or {})) if files else {"scheme": "none"},
            "items": items,
            "items_root": root,
            # Locations only, for the hotline: the items above that this package deliberately does not hold.
            "hotline_referrals": [{"item": it["id"], "url": it["url"]} for it in items if it["possible_minor"]],
            "custody": {"entries": len(chain), "head": ev.hash},
            "timestamping": {"tsas": urls},
        }
        files["custody.jsonl"] = b"".join(canonical(e) + b"\n" for e in chain)
        counts = dict(Counter(it["kind"] for it in items))
        html = render_summary(manifest, chain, counts, out.name, lang)
        files["summary.html"] = html.encode("utf-8")
        if pdf:
            from weasyprint import HTML

            files["summary.pdf"] = HTML(string=html).write_pdf() or b""
        manifest["files"] = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
        manifest_bytes = orjson.dumps(manifest, option=orjson.OPT_INDENT_2)
        sealed = package_seal.seal(
            manifest_bytes,
            home,
            tsa_urls=urls,
            tsa_cert_files=[Path(p) for p in split_list(settings.evidence.evidence_tsa_certs)],
            timeout=settings.evidence.evidence_tsa_timeout_s,
            now=when,
        )
        media_count = sum(1 for n in files if n.startswith("media/"))
        # Write to a temporary name first: a failure leaves no half-written package and no custody entry.
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr("manifest.json", manifest_bytes, zipfile.ZIP_DEFLATED)
            for name, data in sorted(files.items()):
                method = zipfile.ZIP_STORED if name.startswith("media/") else zipfile.ZIP_DEFLATED
                zf.writestr(name, data, method)
            for name, data in sorted(sealed.members.items()):
                zf.writestr(name, data, zipfile.ZIP_DEFLATED)
        os.replace(tmp, out)
        if sealed.queued:
            package_seal.queue_package(home, out)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        custody.append(
            s,
            case.id,
            actor=actor,
            action="export_completed",
            item=f"package:{out.name}",
            at=when,
            details={
                "file": out.name,
                "sha256": digest,
                "manifest_sha256": sealed.manifest_sha256,
                "signing_key": sealed.key_id,
                "timestamped_by": sealed.stamped,
                "timestamps_queued": sealed.queued,
            },
        )
        return ExportResult(
            out,
            digest,
            len(items),
            media_count,
            ev.hash,
            manifest_sha256=sealed.manifest_sha256,
            signing_key=sealed.key_id,
            media_encryption=scheme if media_count else "none",
            passphrase=made_passphrase if media_count else None,
            timestamped_by=sealed.stamped,
            timestamps_queued=sealed.queued,
        )


LANGS = ("en", "sr")


def render_summary(
    manifest: dict[str, Any], chain: list[dict[str, Any]], counts: dict[str, int], filename: str, lang: str
) -> str:
    from tragac.cases.summary_i18n import TEXT

    return _TEMPLATES.get_template("summary.html").render(
        m=manifest, custody=chain, counts=counts, filename=filename, lang=lang, t=TEXT[lang]
    )


@dataclass
class VerifyResult:
    ok: bool
    items: int = 0
    files: int = 0
    custody_entries: int = 0
    custody_head: str | None = None
    failures: list[package_seal.Failure] = field(default_factory=list)
    manifest_sha256: str | None = None
    signature: dict[str, Any] = field(default_factory=dict)
    timestamps: list[dict[str, Any]] = field(default_factory=list)
    timestamps_queued: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Each failure as one sentence naming the file and the check (what the CLI prints)."""
        return [f.message for f in self.failures]

    @property
    def first_problem(self) -> str | None:
        return self.problems[0] if self.problems else None


def verify_package(
    path: Path,
    *,
    public_keys: list[Ed25519PublicKey] | None = None,
    tsa_certs: list[x509.Certificate] | None = None,
    expected_manifest_sha256: str | None = None,
    require_timestamp: bool = False,
) -> VerifyResult:
    """Check a package offline: every file hash, every item hash, the items root, the custody chain, the Ed25519
    signature over the manifest (against ``public_keys`` when given, else only the key the package carries) and
    every RFC 3161 token (against ``tsa_certs`` when given, else the TSA certificates copied into the package).

    Each problem names the file and the check. Order: item problems first in item order (so ``problems[0]`` names
    the first bad item), then the custody chain, then other files, then the manifest hash, signature and tokens."""
    try:
        zf = zipfile.ZipFile(path)
    except package_seal.ZIP_DAMAGE as exc:
        raise InputError(f"{path}: not a readable zip ({exc})") from None
    res = VerifyResult(ok=False)
    with zf:
        try:
            manifest_bytes = zf.read("manifest.json")
            manifest = orjson.loads(manifest_bytes)
        except KeyError:
            res.failures.append(F("manifest.json", "manifest", "manifest.json is missing"))
            return res
        except (*package_seal.ZIP_DAMAGE, orjson.JSONDecodeError) as exc:
            res.failures.append(F("manifest.json", "manifest", f"manifest.json is damaged ({exc})"))
            return res
        res.manifest_sha256 = hashlib.sha256(manifest_bytes).hexdigest()
        if manifest.get("format") != FORMAT:
            res.failures.append(
                F("manifest.json", "format", f"manifest.json: format is {manifest.get('format')!r}, expected {FORMAT}")
            )
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
            except package_seal.ZIP_DAMAGE as exc:
                raise _Damaged(str(exc)) from None

        item_problems: list[package_seal.Failure] = []
        file_problems: list[package_seal.Failure] = []
        for it in items:
            if item_hash(it) != it.get("item_hash"):
                item_problems.append(
                    F("manifest.json", "item hash", f"{label(it)}: manifest entry altered (item hash mismatch)", it)
                )
                continue
            name = it.get("file")
            if not name:
                continue
            try:
                data = read(name)
            except _Damaged as exc:
                item_problems.append(F(name, "file damaged", f"{label(it)}: file {name} is damaged ({exc})", it))
                continue
            if data is None:
                item_problems.append(F(name, "file missing", f"{label(it)}: file {name} is missing", it))
            elif hashlib.sha256(data).hexdigest() != listed.get(name):
                item_problems.append(F(name, "file hash", f"{label(it)}: file {name} altered (SHA-256 mismatch)", it))
            elif not it.get("file_encrypted") and hashlib.sha256(data).hexdigest() != (it.get("media") or {}).get(
                "sha256"
            ):
                item_problems.append(
                    F(name, "file hash", f"{label(it)}: file {name} is not the media the item records", it)
                )
        for name, digest in listed.items():
            if name in by_file:
                continue
            try:
                data = read(name)
            except _Damaged as exc:
                file_problems.append(F(name, "file damaged", f"{name} is damaged ({exc})"))
                continue
            if data is None:
                file_problems.append(F(name, "file missing", f"{name} is missing"))
            elif hashlib.sha256(data).hexdigest() != digest:
                file_problems.append(F(name, "file hash", f"{name} altered (SHA-256 mismatch)"))
            res.files += 1
        res.files += len(by_file)
        extra = {n for n in set(zf.namelist()) - set(listed) - {"manifest.json"} if not package_seal.is_seal_member(n)}
        file_problems += [F(name, "listing", f"{name} is not listed in the manifest") for name in sorted(extra)]
        if items_root(items) != manifest.get("items_root"):
            file_problems.append(F("manifest.json", "items root", "manifest.json: items root does not match the items"))
        custody_problems: list[package_seal.Failure] = []
        try:
            raw = read("custody.jsonl") or b""
            entries = [orjson.loads(line) for line in raw.splitlines() if line.strip()]
        except (_Damaged, orjson.JSONDecodeError) as exc:
            entries = []
            custody_problems.append(F("custody.jsonl", "custody chain", f"custody.jsonl is damaged ({exc})"))
        ok, why = custody.verify_chain(entries)
        if not ok and why:
            custody_problems.append(F("custody.jsonl", "custody chain", why))
        res.custody_entries = len(entries)
        res.custody_head = entries[-1]["hash"] if entries else None
        head = (manifest.get("custody") or {}).get("head")
        if entries and head != entries[-1].get("hash"):
            custody_problems.append(
                F("custody.jsonl", "custody chain", "custody log does not end at the head the manifest records")
            )
        export = next((e for e in reversed(entries) if e.get("action") == "export"), None)
        if export is None:
            custody_problems.append(F("custody.jsonl", "custody chain", "custody log has no export entry"))
        elif (export.get("details") or {}).get("items_root") != manifest.get("items_root"):
            custody_problems.append(
                F("custody.jsonl", "custody chain", "the export entry of the custody log does not match these items")
            )
        sealed = package_seal.check_seal(
            zf,
            manifest_bytes,
            manifest,
            public_keys=public_keys,
            tsa_certs=tsa_certs,
            expected_manifest_sha256=expected_manifest_sha256,
            require_timestamp=require_timestamp,
        )
        res.signature, res.timestamps, res.timestamps_queued = sealed.signature, sealed.timestamps, sealed.queued
        res.failures = item_problems + custody_problems + file_problems + sealed.failures
        res.ok = not res.failures
    return res


def F(file: str, check: str, message: str, item: dict[str, Any] | None = None) -> package_seal.Failure:
    return package_seal.Failure(file, check, message, str(item.get("id")) if item else None)


class _Damaged(Exception):
    pass


def decrypt_media(path: Path, out_dir: Path, *, private_key: Path | None = None, passphrase: str | None = None) -> int:
    """Decrypt a package's ``.enc`` media with the recipient's private key or the package passphrase; each file is
    checked against its SHA-256 and written as ``<sha256><extension>``."""
    from tragac.cases.recipient import decrypt_with, load_private_key

    if (private_key is None) == (passphrase is None):
        raise InputError("give either the recipient's private key or the package passphrase")
    out_dir.mkdir(parents=True, exist_ok=True)
    n = 0
    with zipfile.ZipFile(path) as zf:
        manifest = orjson.loads(zf.read("manifest.json"))
        if private_key is not None:
            key = load_private_key(private_key)

            def open_file(blob: bytes, aad: bytes) -> bytes:
                return decrypt_with(key, blob, aad)
        else:
            media_key = pp.key_from_params(passphrase or "", manifest.get("media_encryption") or {})

            def open_file(blob: bytes, aad: bytes) -> bytes:
                return pp.decrypt(media_key, blob, aad)

        for it in manifest.get("items", []):
            name = it.get("file")
            if not name or not it.get("file_encrypted"):
                continue
            sha = it["media"]["sha256"]
            data = open_file(zf.read(name), sha.encode())
            if hashlib.sha256(data).hexdigest() != sha:
                raise InputError(f"item {it['id']}: decrypted bytes do not match SHA-256 {sha}")
            target = out_dir / Path(name).name.removesuffix(".enc")
            if not target.exists():
                target.write_bytes(data)
                n += 1
    return n
