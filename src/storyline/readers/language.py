"""The language of a report, told from its title and first paragraphs (py3langid: a naive Bayes
model over byte n-grams, shipped in the package; nothing is downloaded).

The first ``SAMPLE`` characters decide: a report's lead is in its language, and reading all of a
long report costs more than it tells (on 92 real pages, 1,000 characters and the whole text agreed
on every page). A guess below ``CONFIDENT`` is no answer: ``None``.
"""

from __future__ import annotations

import functools
from typing import Any

SAMPLE = 1000
CONFIDENT = 0.9


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, title: str | None = None) -> tuple[str | None, float]:
    """(ISO 639-1 code or None, probability) for ``text``; None when there are too few letters or
    the best guess is below ``CONFIDENT``."""
    sample = ((title or "") + "\n" + text)[:SAMPLE]
    if sum(c.isalpha() for c in sample) < 20:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return (str(lang), float(prob)) if prob >= CONFIDENT and lang != "und" else (None, float(prob))
