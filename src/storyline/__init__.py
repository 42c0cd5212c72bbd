"""storyline: reconstruct news stories from many outlets, every fact traced to its characters."""

from .api import IngestReport, extract, ingest, stories, story, story_cards
from .errors import InputError, ModelMissingError, NotFoundError, StoreError, StorylineError, UsageError
from .listing import StoryFilter
from .options import Options, load_options
from .records import (
    Article,
    Comparison,
    Entity,
    Event,
    Facts,
    Figure,
    Line,
    Moment,
    Quote,
    Story,
    StoryCard,
    TimeExpr,
)
from .store import open_store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Comparison",
    "Entity",
    "Event",
    "Facts",
    "Figure",
    "IngestReport",
    "InputError",
    "Line",
    "ModelMissingError",
    "Moment",
    "NotFoundError",
    "Options",
    "Quote",
    "StoreError",
    "Story",
    "StoryCard",
    "StoryFilter",
    "StorylineError",
    "TimeExpr",
    "UsageError",
    "__version__",
    "extract",
    "ingest",
    "load_options",
    "open_store",
    "stories",
    "story",
    "story_cards",
]
