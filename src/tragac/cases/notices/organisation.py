"""The organisation's settings for notices: who signs them and whether a second person must approve.

They live in the database (one ``Organisation`` row) so an admin changes them in the web app, audited, without
environment variables or a restart. Until an admin saves them, the ``TRAGAC_NOTIFIER_*`` settings are the
fallback, so scripts that set those keep working; the four-eyes rule is on until an admin switches it off.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from tragac import audit
from tragac.config import Settings
from tragac.errors import InputError
from tragac.store import Store
from tragac.store.models.web import Organisation

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
ROW_ID = 1


@dataclass(frozen=True)
class OrgSettings:
    notifier_name: str
    notifier_email: str
    name: str  # the organisation, printed under the notifier's name
    four_eyes: bool
    saved: bool  # False: nothing saved by an admin yet (values come from the settings tree)
    updated_by: str | None = None
    updated_at: datetime | None = None

    @property
    def can_sign(self) -> bool:
        """A notice names a real sender: an address that is not a placeholder."""
        return bool(self.notifier_name.strip()) and is_email(self.notifier_email)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value.strip())) and not value.strip().endswith("@localhost")


def organisation(store: Store, config: Settings | None = None) -> OrgSettings:
    """What notices use now: the saved row, each empty field filled from ``config`` (the settings tree)."""
    config = config or store.settings
    with store.session() as s:
        row = s.get(Organisation, ROW_ID)
        if row is None:
            return OrgSettings(
                notifier_name=config.notices.notifier_name,
                notifier_email=config.notices.notifier_email,
                name=config.notices.notifier_org,
                four_eyes=True,
                saved=False,
            )
        return OrgSettings(
            notifier_name=row.notifier_name or config.notices.notifier_name,
            notifier_email=row.notifier_email or config.notices.notifier_email,
            name=row.name or config.notices.notifier_org,
            four_eyes=row.four_eyes,
            saved=True,
            updated_by=row.updated_by,
            updated_at=row.updated_at,
        )


def update_organisation(
    store: Store,
    *,
    actor: str,
    notifier_name: str | None = None,
    notifier_email: str | None = None,
    name: str | None = None,
    four_eyes: bool | None = None,
    address: str | None = None,
) -> OrgSettings:
    """Save the given fields (None: unchanged) and record who changed what in the audit log."""
    if notifier_email is not None and notifier_email.strip() and not is_email(notifier_email):
        raise InputError(f"notifier e-mail {notifier_email.strip()!r} is not an address a recipient can answer")
    if notifier_name is not None and len(notifier_name.strip()) > 128:
        raise InputError("notifier name: at most 128 characters")
    before = organisation(store)
    changed: dict[str, object] = {}
    with store.session() as s:
        row = s.get(Organisation, ROW_ID)
        if row is None:
            row = Organisation(
                id=ROW_ID,
                name=before.name,
                notifier_name=before.notifier_name,
                notifier_email=before.notifier_email if is_email(before.notifier_email) else "",
                four_eyes=before.four_eyes,
            )
            s.add(row)
        for field, value in (("notifier_name", notifier_name), ("notifier_email", notifier_email), ("name", name)):
            if value is not None and value.strip() != getattr(row, field):
                setattr(row, field, value.strip())
                changed[field] = value.strip()
        if four_eyes is not None and four_eyes != row.four_eyes:
            row.four_eyes = four_eyes
            changed["four_eyes"] = four_eyes
        row.updated_by = actor
        row.updated_at = datetime.now(UTC)
    if changed:
        audit.record(store, audit.SETTINGS_CHANGE, actor=actor, target="organisation", address=address, details=changed)
    return organisation(store)


def demo_organisation(store: Store) -> OrgSettings:
    """Fictional notifier settings for ``tragac demo`` (an ``.example`` domain, which can never receive mail), so
    drafting a notice works in the demo without any setting; an admin's saved values are never overwritten."""
    current = organisation(store)
    if current.saved:
        return current
    return update_organisation(
        store,
        actor="demo",
        notifier_name="Demo Caseworker (fictional)",
        notifier_email="notices@demo-ngo.example",
        name="Demo NGO (fictional)",
        four_eyes=True,
    )
