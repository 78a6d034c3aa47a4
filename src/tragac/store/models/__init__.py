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

__all__ = [
    "Author",
    "ExportFile",
    "Media",
    "MembershipEvent",
    "Message",
    "MessageEdit",
    "Sighting",
    "Source",
    "StageState",
    "VideoFrame",
]
