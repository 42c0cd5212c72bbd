"""One small exception tree. A message names the input, the reason and the fix."""

from __future__ import annotations


class StorylineError(Exception):
    """Base of every error storyline raises on purpose."""


class InputError(StorylineError):
    """An input (file, URL, feed, record) could not be read as an article."""

    def __init__(self, source: str, reason: str, fix: str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.fix = fix
        message = f"{source}: {reason}"
        if fix:
            message += f" ({fix})"
        super().__init__(message)


class ModelMissingError(StorylineError):
    """An NLP model or optional package is not installed."""


class StoreError(StorylineError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(StorylineError):
    """An id (article, story, entity) is not in the store."""


class UsageError(StorylineError):
    """A request that cannot be carried out as asked (merge a story with itself, …)."""


def install_hint(extra: str) -> str:
    """How to install an optional part: one wording for every message and the README."""
    return f"pip install -e '.[{extra}]'"
