"""The evidence vault (opt-in per case): media bytes a case needs, encrypted, content-addressed by SHA-256.

Files live under ``HOME/vault/<aa>/<sha256>.bin`` as AES-GCM ciphertext bound to their SHA-256; the capture record
(time UTC, source, message link or URL, collector, tool version) is a ``VaultCapture`` row. The default stays
hash-only: nothing is stored unless the case opted in, and never for a case or item that may involve a minor.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import tragac
from tragac import policy
from tragac.cases import custody
from tragac.errors import InputError
from tragac.keyring import KeyRing
from tragac.store import Store
from tragac.store.models.cases import Case, VaultCapture
from tragac.store.models.core import ExportFile, Media, Sighting, Source


class VaultRefused(InputError):
    """The vault will not keep this media (case not opted in, or possibly a minor)."""


def _ctx(sha256: str) -> str:
    return f"vault:{sha256}"


class Vault:
    def __init__(self, store: Store, ring: KeyRing) -> None:
        self.root = store.settings.ensure_home() / "vault"
        self.ring = ring

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.bin"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def put_bytes(self, data: bytes) -> tuple[str, str]:
        """Encrypt and store ``data``; returns (sha256, key id). Writing is atomic: no half-written file."""
        sha = hashlib.sha256(data).hexdigest()
        key_id, blob = self.ring.encrypt_bytes(data, _ctx(sha))
        target = self.path(sha)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = target.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key_id.encode() + b"\n" + blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        return sha, key_id

    def get_bytes(self, sha256: str) -> bytes:
        raw = self.path(sha256).read_bytes()
        key_id, blob = raw.split(b"\n", 1)
        data = self.ring.decrypt_bytes(key_id.decode(), blob, _ctx(sha256))
        if hashlib.sha256(data).hexdigest() != sha256:
            raise InputError(f"vault file {sha256} does not hash to its name")
        return data

    def delete(self, sha256: str) -> bool:
        try:
            self.path(sha256).unlink()
            return True
        except FileNotFoundError:
            return False

    def reencrypt_all(self) -> int:
        if not self.root.exists():
            return 0
        n = 0
        for f in self.root.glob("*/*.bin"):
            self.put_bytes(self.get_bytes(f.stem))
            n += 1
        return n


def capture(
    store: Store,
    session: Session,
    ring: KeyRing,
    case: Case,
    data: bytes,
    *,
    media_id: int | None,
    source: str | None,
    link: str | None,
    collector: str,
    captured_at: datetime | None = None,
) -> VaultCapture:
    """Keep ``data`` for ``case`` with its capture record, and log it in the custody chain."""
    if not case.vault_enabled:
        raise VaultRefused(f"case {case.name!r} keeps hashes only (enable the vault with `tragac case vault`)")
    # The bytes may be a media the store knows under another id (or none given): check every id they are.
    sha = hashlib.sha256(data).hexdigest()
    known = set(session.scalars(select(Media.id).where(Media.sha256 == sha)))
    if case.possible_minor or policy.withheld_media(session, known | ({media_id} if media_id is not None else set())):
        raise VaultRefused("media that may involve a minor is never kept: refer it to a hotline")
    sha, key_id = Vault(store, ring).put_bytes(data)
    existing = session.scalars(
        select(VaultCapture).where(VaultCapture.case_id == case.id, VaultCapture.sha256 == sha)
    ).first()
    if existing:
        return existing
    cap = VaultCapture(
        case_id=case.id,
        sha256=sha,
        size=len(data),
        media_id=media_id,
        captured_at=captured_at or datetime.now(UTC),
        source=source,
        link=link,
        collector=collector,
        tool_version=tragac.__version__,
        key_id=key_id,
    )
    session.add(cap)
    if media_id is not None:
        media = session.get(Media, media_id)
        if media is not None:
            media.in_vault = True
    session.flush()
    custody.append(
        session, case.id, actor=collector, action="vault_capture", item=f"sha256:{sha}", details={"link": link}
    )
    return cap


def purge_case(store: Store, session: Session, case: Case) -> int:
    """Destroy a case's vault copies (files no other case holds) and their records; returns how many."""
    caps = session.scalars(select(VaultCapture).where(VaultCapture.case_id == case.id)).all()
    if not caps:
        return 0
    from tragac.keyring import load_keyring

    vault = Vault(store, load_keyring(store.settings.ensure_home()))
    for cap in caps:
        others = session.scalar(
            select(func.count())
            .select_from(VaultCapture)
            .where(VaultCapture.sha256 == cap.sha256, VaultCapture.case_id != case.id)
        )
        if not others:
            vault.delete(cap.sha256)
        session.delete(cap)
    session.flush()
    return len(caps)


def purge_withheld(store: Store, session: Session, case: Case) -> int:
    """Destroy the case's vault copies of media that became possibly-minor after capture (a "-18" message that
    re-posted it, a flag that came later); returns how many capture records went. Logged in the custody chain."""
    caps = list(session.scalars(select(VaultCapture).where(VaultCapture.case_id == case.id)))
    if not caps:
        return 0
    by_sha = {m.sha256: m.id for m in session.scalars(select(Media).where(Media.sha256.in_({c.sha256 for c in caps})))}
    hidden = policy.withheld_media(session, {c.media_id for c in caps} | set(by_sha.values()))
    doomed = [c for c in caps if c.media_id in hidden or by_sha.get(c.sha256) in hidden or case.possible_minor]
    if not doomed:
        return 0
    from tragac.keyring import load_keyring

    vault = Vault(store, load_keyring(store.settings.ensure_home()))
    for cap in doomed:
        # A possible minor is never kept for any case: the file goes even when another case captured it too
        # (that case's record is purged the next time it collects or exports).
        vault.delete(cap.sha256)
        media_id = by_sha.get(cap.sha256)
        media = session.get(Media, media_id) if media_id is not None else None
        if media is not None:
            media.in_vault = False
        custody.append(
            session,
            case.id,
            actor="tragac",
            action="vault_purged",
            item=f"sha256:{cap.sha256}",
            details={"reason": policy.POSSIBLE_MINOR},
        )
        session.delete(cap)
    session.flush()
    return len(doomed)


def collect_case_media(
    store: Store, ref: str | int, *, collector: str, media_ids: list[int] | None = None
) -> dict[str, int]:
    """Copy into the vault the media of a case's matches (only ``media_ids`` when given) that are still on disk in
    their export folder."""
    from tragac.cases.service import get_case
    from tragac.keyring import load_keyring
    from tragac.store.models.cases import CaseFinding

    ring = load_keyring(store.settings.ensure_home())
    counts = {"captured": 0, "already": 0, "missing": 0, "refused": 0}
    with store.session() as s:
        case = get_case(s, ref)
        if not case.vault_enabled or case.possible_minor:
            raise VaultRefused(f"case {case.name!r} does not keep media (hash-only, or may involve a minor)")
        purge_withheld(store, s, case)
        held = set(s.scalars(select(VaultCapture.sha256).where(VaultCapture.case_id == case.id)))
        findings = s.scalars(
            select(CaseFinding).where(
                CaseFinding.case_id == case.id,
                CaseFinding.sighting_id.is_not(None),
                *([CaseFinding.media_id.in_(media_ids)] if media_ids is not None else []),
            )
        ).all()
        withheld = policy.withheld_findings(s, findings)
        for f in findings:
            if f.id in withheld:
                counts["refused"] += 1  # never read from disk: refer it to a hotline
                continue
            if f.media_sha256 in held:
                counts["already"] += 1
                continue
            sighting = s.get(Sighting, f.sighting_id)
            export = s.get(ExportFile, sighting.export_id) if sighting and sighting.export_id else None
            if sighting is None or export is None or not sighting.file_path:
                counts["missing"] += 1
                continue
            path = Path(export.root) / sighting.file_path
            try:
                data = path.read_bytes()
            except OSError:
                counts["missing"] += 1
                continue
            if hashlib.sha256(data).hexdigest() != f.media_sha256:
                counts["missing"] += 1  # the file changed since it was hashed: not the evidence
                continue
            try:
                src = s.get(Source, sighting.source_id) if sighting.source_id else None
                capture(
                    store,
                    s,
                    ring,
                    case,
                    data,
                    media_id=f.media_id,
                    source=src.title if src else None,
                    link=f.url,
                    collector=collector,
                )
            except VaultRefused:
                counts["refused"] += 1
                continue
            held.add(f.media_sha256 or "")
            counts["captured"] += 1
    return counts
