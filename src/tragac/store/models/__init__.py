"""All models, imported here so that ``Base.metadata`` is complete for Alembic and queries.

Each concept keeps its tables in its own module; add one import line per module.
"""

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
from tragac.store.models.matching import Bank, BankEntry, Match, SpreadCluster, SpreadMember
from tragac.store.models.signals import SEVERITY, Flag, FlagDecision

__all__ = [
    "SEVERITY",
    "Author",
    "Bank",
    "BankEntry",
    "ExportFile",
    "Flag",
    "FlagDecision",
    "Match",
    "Media",
    "MembershipEvent",
    "Message",
    "MessageEdit",
    "Sighting",
    "Source",
    "SpreadCluster",
    "SpreadMember",
    "StageState",
    "VideoFrame",
]
