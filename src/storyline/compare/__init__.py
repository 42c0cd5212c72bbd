"""Comparison: align facts across a story's articles; agreed, possible, unique, conflicts, timeline,
summary. It builds records only; showing them is ``storyline.present``."""

from .report import build_story, build_story_from

__all__ = ["build_story", "build_story_from"]
