"""All models, imported here so that ``Base.metadata`` is complete for Alembic and queries.

Each concept keeps its tables in its own module; add one import line per module.
"""

from tragac.store.models.cases import (
    Case,
    CaseAlert,
    CaseFinding,
    CustodyEvent,
    Notice,
    NoticeEvent,
    VaultCapture,
    WatchedPage,
)
from tragac.store.models.core import (
    Author,
    ExportFile,
    Media,
    MembershipEvent,
    Message,
    MessageEdit,
    Sighting,
    Source,
    StageState,
    VideoFrame,
)
from tragac.store.models.live import CollectorAccount, CollectorSource, MemberCount
from tragac.store.models.matching import (
    Bank,
    BankEntry,
    EntryFeedback,
    EntryQuarantine,
    EntryRobust,
    Match,
    MediaRobust,
    NegativeEntry,
    SpreadCluster,
    SpreadMember,
)
from tragac.store.models.signals import SEVERITY, Flag, FlagDecision
from tragac.store.models.web import ApiToken, AuditEvent, LoginAttempt, Organisation, User, WebSession
from tragac.store.models.work import WorkBatch

__all__ = [
    "SEVERITY",
    "ApiToken",
    "AuditEvent",
    "Author",
    "Bank",
    "BankEntry",
    "Case",
    "CaseAlert",
    "CaseFinding",
    "CollectorAccount",
    "CollectorSource",
    "CustodyEvent",
    "EntryFeedback",
    "EntryQuarantine",
    "EntryRobust",
    "ExportFile",
    "Flag",
    "FlagDecision",
    "LoginAttempt",
    "Match",
    "Media",
    "MediaRobust",
    "MemberCount",
    "MembershipEvent",
    "Message",
    "MessageEdit",
    "NegativeEntry",
    "Notice",
    "NoticeEvent",
    "Organisation",
    "Sighting",
    "Source",
    "SpreadCluster",
    "SpreadMember",
    "StageState",
    "User",
    "VaultCapture",
    "VideoFrame",
    "WatchedPage",
    "WebSession",
    "WorkBatch",
]
