"""Quotes and who said them: quote marks and cue verbs find them (``find``), speakers and windows
attribute them, and the tagger tiers (``tagger``, ``decode``, ``tiers``, ``accurate`` with ``minilm``)
find unmarked ones; ``cues``/``cuemodel``/``cuescore`` hold the cue-verb lexicon and its model."""

from .find import VERSION, quotes

__all__ = ["VERSION", "quotes"]
