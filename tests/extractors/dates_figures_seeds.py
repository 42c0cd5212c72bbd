"""The two seed reports as ingest reads them, parsed once, for the date and figure tests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from storyline.extractors.nlp import load_nlp
from storyline.options import Options
from storyline.readers import read_sources
from storyline.records import Article

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
NEWSNATION = "000_20ef912349ef2016.txt"
CNN = "002_4d7f50bd38428e0a.txt"


@lru_cache(maxsize=2)
def seed(name: str) -> tuple[Article, Any]:
    """(article with a short stable id, its Doc) for one seed file."""
    articles = [a for a in read_sources([str(SEEDS / name)], Options()) if isinstance(a, Article)]
    assert len(articles) == 1, f"{name}: ingest gave {articles!r}"
    article = articles[0].replace(id=name[:3])
    return article, load_nlp(Options().model)(article.body)
