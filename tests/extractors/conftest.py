"""Fixtures for the extractor tests: the spaCy model and the two seed reports, read in place."""

from __future__ import annotations

from typing import Any

import pytest
from extract_seeds import CNN, NEWSNATION, SEEDS

from storyline.extractors import entities
from storyline.extractors.nlp import load_nlp
from storyline.options import Options
from storyline.readers import read_sources
from storyline.records import Article, Mention


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_nlp(Options().model)


@pytest.fixture(scope="session")
def seeds(nlp: Any) -> dict[str, tuple[Article, Any, list[Mention]]]:
    """Seed file name → (article as ingest reads it, its Doc, its entity mentions)."""
    out = {}
    for name in (NEWSNATION, CNN):
        articles = [a for a in read_sources([str(SEEDS / name)], Options()) if isinstance(a, Article)]
        assert len(articles) == 1, f"{name}: ingest gave {articles!r}"
        article = articles[0].replace(id=name[:3])  # short, stable ids for golden files
        doc = nlp(article.body)
        out[name] = (article, doc, entities.mentions(doc, article))
    return out
