"""The case service: create, watch, feed the bank, close and withdraw. CLI commands and web pages call these."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tragac import policy
from tragac.cases import custody, identities
from tragac.cases.bankfeed import import_into_bank
from tragac.errors import InputError
from tragac.keyring import KeyRing, load_keyring
from tragac.store import Store
from tragac.store.models.cases import Case, CaseAlert, CaseFinding, Notice, VaultCapture
from tragac.store.models.core import StageState
from tragac.store.models.matching import Bank, BankEntry, Match

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def keyring(store: Store) -> KeyRing:
    return load_keyring(store.settings.ensure_home())


def bank_name(case_name: str) -> str:
    return f"case:{case_name}"


def get_case(session: Session, ref: str | int) -> Case:
    """A case by name or numeric id; unknown is an InputError."""
    case: Case | None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        case = session.get(Case, int(ref))
        if case is None and isinstance(ref, str):
            case = session.scalars(select(Case).where(Case.name == ref)).first()
    else:
        case = session.scalars(select(Case).where(Case.name == ref)).first()
    if case is None:
        raise InputError(f"no case {ref!r} (see `tragac case list`)")
    return case


def create_case(
    store: Store,
    name: str,
    *,
    pseudonym: str,
    caseworker: str,
    consent_notes: str | None = None,
    possible_minor: bool = False,
    vault: bool = False,
    alert_email: str | None = None,
    alert_webhook: str | None = None,
) -> Case:
    if not NAME_RE.match(name):
        raise InputError("case name: 1–64 letters, digits, '.', '_' or '-' (a label, never the victim's name)")
    if not pseudonym.strip() or not caseworker.strip():
        raise InputError("a case needs a pseudonym and a caseworker")
    if possible_minor and vault:
        raise InputError("a case that may involve a minor cannot keep media: refer it to a hotline instead")
    ring = keyring(store)
    with store.session() as s:
        if s.scalars(select(Case).where(Case.name == name)).first():
            raise InputError(f"case {name!r} already exists")
        bank = s.scalars(select(Bank).where(Bank.name == bank_name(name))).first()
        if bank is None:
            bank = Bank(name=bank_name(name), kind="victim_case", created_by=caseworker, description="victim case bank")
            s.add(bank)
            s.flush()
        case = Case(
            name=name,
            pseudonym=pseudonym.strip(),
            caseworker=caseworker.strip(),
            possible_minor=possible_minor,
            vault_enabled=vault,
            alert_email=alert_email,
            alert_webhook=alert_webhook,
            bank_id=bank.id,
        )
        s.add(case)
        s.flush()
        if consent_notes:
            case.consent_notes_enc = ring.encrypt_text(consent_notes, identities.context(case.id, "consent_notes"))
        custody.append(
            s,
            case.id,
            actor=caseworker,
            action="case_created",
            details={"possible_minor": possible_minor, "vault": vault},
        )
        return case


def add_identities(store: Store, ref: str | int, new: list[dict[str, Any]], *, actor: str) -> int:
    """Add watched identities to an open case; returns how many the case now watches."""
    clean = [identities.validate(i) for i in new]
    ring = keyring(store)
    with store.session() as s:
        case = _open_case(s, ref)
        current = identities.load(ring, case)
        current.extend(clean)
        identities.store_identities(ring, case, current)
        # New identities may be named in flags already looked at: let the linker look at every flag again.
        s.query(StageState).filter(StageState.name == f"cases:flags:{case.id}").delete()
        # The custody log records that identities changed, never what they are.
        custody.append(s, case.id, actor=actor, action="identities_added", details={"count": len(clean)})
        return len(current)


def case_identities(store: Store, ref: str | int) -> list[dict[str, Any]]:
    ring = keyring(store)
    with store.session() as s:
        return identities.load(ring, get_case(s, ref))


def consent_notes(store: Store, ref: str | int) -> str | None:
    ring = keyring(store)
    with store.session() as s:
        case = get_case(s, ref)
        if not case.consent_notes_enc:
            return None
        return ring.decrypt_text(case.consent_notes_enc, identities.context(case.id, "consent_notes"))


def import_hashes(store: Store, ref: str | int, path: Path, *, actor: str) -> dict[str, int]:
    with store.session() as s:
        case = _open_case(s, ref)
        bank = s.get(Bank, case.bank_id) if case.bank_id else None
        if bank is None:
            raise InputError(f"case {case.name!r} has no bank")
        counts = import_into_bank(s, bank, path, actor=actor)
        custody.append(s, case.id, actor=actor, action="hashes_imported", details=dict(counts))
        return counts


def set_possible_minor(store: Store, ref: str | int, *, actor: str) -> None:
    """Mark a case as possibly involving a minor: media retention stops and vault copies are destroyed."""
    from tragac.cases.vault import purge_case

    with store.session() as s:
        case = get_case(s, ref)
        case.possible_minor = True
        case.vault_enabled = False
        purged = purge_case(store, s, case)
        custody.append(s, case.id, actor=actor, action="marked_possible_minor", details={"vault_purged": purged})


def close_case(store: Store, ref: str | int, *, actor: str, now: datetime | None = None) -> None:
    with store.session() as s:
        case = _open_case(s, ref)
        case.state = "closed"
        case.closed_at = now or datetime.now(UTC)
        custody.append(s, case.id, actor=actor, action="case_closed")


def withdraw_case(store: Store, ref: str | int, *, actor: str, now: datetime | None = None) -> dict[str, int]:
    """The victim withdraws: her bank entries stop matching now, her identities and vault copies are erased."""
    from tragac.cases.vault import purge_case
    from tragac.matching.banks import retract_bank

    when = now or datetime.now(UTC)
    with store.session() as s:
        case = get_case(s, ref)
        withdrawn = 0
        removed_matches = 0
        if case.bank_id is not None:
            withdrawn = (
                _rows(
                    s.execute(
                        update(BankEntry)
                        .where(BankEntry.bank_id == case.bank_id, BankEntry.status == "active")
                        .values(status="withdrawn", status_at=when)
                    )
                )
                or 0
            )
            bank = s.get(Bank, case.bank_id)
            if bank is not None:
                bank.enabled = False
            # Through the matching area, so the matches' review items and findings are retired, not orphaned.
            removed_matches = retract_bank(s, case.bank_id, "case withdrawn")
        case.identities_enc = None
        case.identity_count = 0
        case.consent_notes_enc = None
        purged = purge_case(store, s, case)
        case.state = "withdrawn"
        case.withdrawn_at = when
        case.vault_enabled = False
        custody.append(
            s,
            case.id,
            actor=actor,
            action="case_withdrawn",
            at=when,
            details={"entries_withdrawn": withdrawn, "matches_removed": removed_matches, "vault_purged": purged},
        )
        return {"entries_withdrawn": withdrawn, "matches_removed": removed_matches, "vault_purged": purged}


def list_cases(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        counts = _counts(s, select(CaseFinding.case_id, func.count()).group_by(CaseFinding.case_id))
        unread = _counts(
            s, select(CaseAlert.case_id, func.count()).where(CaseAlert.read_at.is_(None)).group_by(CaseAlert.case_id)
        )
        return [
            {
                "id": c.id,
                "name": c.name,
                "pseudonym": c.pseudonym,
                "caseworker": c.caseworker,
                "state": c.state,
                "possible_minor": c.possible_minor,
                "vault": c.vault_enabled,
                "findings": counts.get(c.id, 0),
                "unread_alerts": unread.get(c.id, 0),
                "created_at": c.created_at,
            }
            for c in s.scalars(select(Case).order_by(Case.id))
        ]


def case_detail(store: Store, ref: str | int) -> dict[str, Any]:
    """Everything a caseworker sees about a case except her identities (shown only on request, decrypted)."""
    with store.session() as s:
        case = get_case(s, ref)
        entries = _counts(
            s,
            select(BankEntry.status, func.count()).where(BankEntry.bank_id == case.bank_id).group_by(BankEntry.status),
        )
        findings = s.scalars(
            select(CaseFinding).where(CaseFinding.case_id == case.id).order_by(CaseFinding.found_at, CaseFinding.id)
        ).all()
        withheld = policy.withheld_findings(s, findings)
        notices = s.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.id)).all()
        alerts = s.scalars(select(CaseAlert).where(CaseAlert.case_id == case.id).order_by(CaseAlert.id)).all()
        vault = s.scalar(select(func.count()).select_from(VaultCapture).where(VaultCapture.case_id == case.id))
        return {
            "id": case.id,
            "name": case.name,
            "pseudonym": case.pseudonym,
            "caseworker": case.caseworker,
            "state": case.state,
            "possible_minor": case.possible_minor,
            "vault": case.vault_enabled,
            "vault_items": vault or 0,
            "identities": case.identity_count,
            "has_consent_notes": case.consent_notes_enc is not None,
            "bank": {"id": case.bank_id, "entries": entries},
            "created_at": case.created_at,
            "closed_at": case.closed_at,
            "withdrawn_at": case.withdrawn_at,
            # Re-checked now (tragac.policy): a "-18" message re-posting a picture after it was linked withholds it.
            "timeline": [finding_dict(f, possible_minor=f.id in withheld) for f in findings],
            "alerts": [
                {"id": a.id, "summary": a.summary, "created_at": a.created_at, "read_at": a.read_at, **a.deliveries}
                for a in alerts
            ],
            "notices": [
                {"id": n.id, "template": n.template, "state": n.state, "recipient": n.recipient} for n in notices
            ],
        }


def finding_dict(f: CaseFinding, *, possible_minor: bool | None = None) -> dict[str, Any]:
    """A finding for pages and the CLI; ``possible_minor`` is the policy's answer now when the caller has it."""
    return {
        "id": f.id,
        "kind": f.kind,
        "url": f.url,
        "media_sha256": f.media_sha256,
        "message_id": f.message_id,
        "posted_at": f.posted_at,
        "found_at": f.found_at,
        "possible_minor": f.possible_minor if possible_minor is None else possible_minor,
        "reason": f.reason,
    }


def mark_alerts_read(store: Store, ref: str | int, *, now: datetime | None = None) -> int:
    with store.session() as s:
        case = get_case(s, ref)
        return (
            _rows(
                s.execute(
                    update(CaseAlert)
                    .where(CaseAlert.case_id == case.id, CaseAlert.read_at.is_(None))
                    .values(read_at=now or datetime.now(UTC))
                )
            )
            or 0
        )


def rotate_key(store: Store, *, actor: str) -> dict[str, Any]:
    """Make a new current key and re-encrypt every case's fields with it."""
    ring = keyring(store)
    new_id = ring.add_key()
    rewritten = 0
    with store.session() as s:
        for case in s.scalars(select(Case)):
            for column in ("identities_enc", "consent_notes_enc"):
                token = getattr(case, column)
                if token:
                    ctx = identities.context(case.id, column.removesuffix("_enc"))
                    setattr(case, column, ring.encrypt_text(ring.decrypt_text(token, ctx), ctx))
                    rewritten += 1
            custody.append(s, case.id, actor=actor, action="key_rotated", details={"key_id": new_id})
    from tragac.cases.vault import Vault

    files = Vault(store, ring).reencrypt_all()
    return {"key_id": new_id, "fields_rewritten": rewritten, "vault_files_rewritten": files}


def _open_case(s: Session, ref: str | int) -> Case:
    case = get_case(s, ref)
    if case.state != "open":
        raise InputError(f"case {case.name!r} is {case.state}")
    return case


def _rows(result: Any) -> int:
    """Rows an UPDATE touched (``CursorResult.rowcount``; typed loosely because ``Session.execute`` is generic)."""
    return int(result.rowcount or 0)


def _counts(s: Session, query: Any) -> dict[Any, int]:
    return {key: int(n) for key, n in s.execute(query).all()}


def confirm_match_flag(store: Store, flag_id: int, *, actor: str, now: datetime | None = None) -> dict[str, Any]:
    """An analyst confirmed an ``ncii_match`` flag: the case findings for that media, in every open case whose bank
    it matched, become confirmed evidence (``reason["confirmed"]``, linked to the flag, logged in each case's custody
    chain). Findings the policy blocks are not confirmed: a possible minor goes to a hotline, and a withdrawn or
    deleted bank entry is no longer evidence. Returns what happened, for the caller's audit record.

    The findings come from the ``cases`` stage; when it has not linked this media yet it runs first (idempotent)."""
    from tragac.store.models.signals import Flag

    when = now or datetime.now(UTC)
    out: dict[str, Any] = {"cases": [], "confirmed": [], "withheld": [], "inactive": []}

    def case_ids(s: Session, flag: Flag) -> list[int]:
        named = (flag.evidence or {}).get("case_id")
        q = select(Case.id).where(Case.state == "open")
        if isinstance(named, int):
            q = q.where(Case.id == named)
        else:  # no case named: every open case whose bank the media matched
            q = q.where(Case.bank_id.in_(select(Match.bank_id).where(Match.media_id == flag.media_id)))
        return list(s.scalars(q.order_by(Case.id)))

    def findings(s: Session, cid: int, media_id: int) -> list[CaseFinding]:
        return list(
            s.scalars(
                select(CaseFinding)
                .where(CaseFinding.case_id == cid, CaseFinding.kind == "match", CaseFinding.media_id == media_id)
                .order_by(CaseFinding.id)
            )
        )

    with store.session() as s:
        flag = s.get(Flag, flag_id)
        if flag is None or flag.category != "ncii_match" or flag.media_id is None:
            return out
        media_id = flag.media_id
        cids = case_ids(s, flag)
        unlinked = any(not findings(s, cid, media_id) for cid in cids)
    if unlinked:
        from tragac.cases.linker import refresh_cases

        refresh_cases(store)
    with store.session() as s:
        for cid in cids:
            fs = findings(s, cid, media_id)
            blocked = policy.blocked_findings(s, fs)
            out["cases"].append(cid)
            for f in fs:
                why = blocked.get(f.id)
                if why == policy.POSSIBLE_MINOR:
                    out["withheld"].append(f.id)
                    continue
                if why == policy.ENTRY_INACTIVE:
                    out["inactive"].append(f.id)
                    continue
                if (f.reason or {}).get("confirmed"):
                    continue  # confirmed before (another sighting's flag, or a second click)
                # A new dict: the JSON column notices a replaced value, not one changed in place.
                f.reason = {**(f.reason or {}), "confirmed": {"by": actor, "at": custody.iso(when), "flag_id": flag_id}}
                f.flag_id = f.flag_id or flag_id
                custody.append(
                    s, cid, actor=actor, action="finding_confirmed", item=f"finding:{f.id}", at=when,
                    details={"flag": flag_id},
                )  # fmt: skip
                out["confirmed"].append(f.id)
    return out


def _case_findings(s: Session, case: Case, ids: list[int] | None = None, media_id: int | None = None) -> list[Any]:
    q = select(CaseFinding).where(CaseFinding.case_id == case.id)
    if ids is not None:
        q = q.where(CaseFinding.id.in_(ids))
    if media_id is not None:
        q = q.where(CaseFinding.kind == "match", CaseFinding.media_id == media_id)
    found = list(s.scalars(q.order_by(CaseFinding.id)))
    if ids is not None and {f.id for f in found} != set(ids):
        raise InputError(f"finding(s) {sorted(set(ids) - {f.id for f in found})} are not part of case {case.name!r}")
    return found


def dismiss_media(
    store: Store, ref: str | int, media_id: int, *, reason: str, actor: str, now: datetime | None = None
) -> list[int]:
    """The caseworker says a matched media is not hers: its findings are marked dismissed with her reason (kept,
    never deleted: the custody log and the review history need them). The review items are dismissed by the
    caller through the review rules (``tragac.web.flags``). Returns the finding ids."""
    if not reason.strip():
        raise InputError("dismissing a match needs a reason: say why it is not her picture or video")
    when = now or datetime.now(UTC)
    with store.session() as s:
        case = get_case(s, ref)
        findings = _case_findings(s, case, media_id=media_id)
        if not findings:
            raise InputError(f"media {media_id} is not a match of case {case.name!r}")
        for f in findings:
            f.reason = {**(f.reason or {}), "dismissed": {"by": actor, "at": custody.iso(when), "reason": reason}}
            custody.append(s, case.id, actor=actor, action="finding_dismissed", item=f"finding:{f.id}", at=when,
                           details={"reason": reason.strip()[:200]})  # fmt: skip
        return [f.id for f in findings]


def mark_findings_removed(
    store: Store, ref: str | int, finding_ids: list[int], *, actor: str, now: datetime | None = None
) -> list[int]:
    """Record that the content at these places is gone (seen by the caseworker; a notice's removal is marked on the
    notice, which gives its time to removal)."""
    if not finding_ids:
        raise InputError("select the places that are gone")
    when = now or datetime.now(UTC)
    with store.session() as s:
        case = get_case(s, ref)
        for f in _case_findings(s, case, ids=finding_ids):
            if (f.reason or {}).get("removed"):
                continue
            f.reason = {**(f.reason or {}), "removed": {"by": actor, "at": custody.iso(when)}}
            custody.append(s, case.id, actor=actor, action="finding_removed", item=f"finding:{f.id}", at=when)
        return finding_ids


def add_to_evidence(store: Store, ref: str | int, media_ids: list[int], *, actor: str) -> dict[str, int]:
    """Keep encrypted copies of these media in the case's evidence vault (an explicit opt-in per case; the copy is
    what an evidence package then carries). Files no longer on disk are counted as missing, possible minors as
    refused (:func:`tragac.cases.vault.collect_case_media`)."""
    from tragac.cases.vault import collect_case_media

    if not media_ids:
        raise InputError("select the pictures or videos to keep as evidence")
    with store.session() as s:
        case = get_case(s, ref)
        if not case.vault_enabled:
            raise InputError(
                f"case {case.name!r} keeps hashes only: enable its evidence vault first (`tragac case vault`)"
            )
    return collect_case_media(store, ref, collector=actor, media_ids=media_ids)
