"""Facts of evaluation reports kept on disk (``eval.factcache``): extracted once, read back equal,
named for the id asked for, and parsed again when the text changes. The extractor is replaced by
a stand-in that counts its calls; the text is FICTIONAL."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from storyline.eval.factcache import facts_of
from storyline.extractors import pipeline
from storyline.options import Options
from storyline.records import Article, Event, Facts


def _article(key: str, body: str) -> Article:
    return Article(id=key, body=body, content_hash=key)


def test_facts_are_extracted_once_kept_and_named_for_the_id_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def extract(articles: Sequence[Article], options: Options) -> list[Facts]:
        calls.append([a.id for a in articles])
        return [
            Facts(article=a.id, events=(Event("e1", (a.id,), "Ola Brenn", "open", "bridge", None, None, "x", a.id),))
            for a in articles
        ]

    monkeypatch.setattr(pipeline, "extract_articles", extract)
    text = "Mayor Ola Brenn opened the Tasker bridge in Holm on Monday."
    first = facts_of([_article("a", text)], folder=tmp_path)
    again = facts_of([_article("a", text), _article("copy", text)], folder=tmp_path)
    assert calls == [["a"]]  # the second call parsed nothing: one text, kept once
    assert again[0] == first[0]
    assert again[1].article == "copy" and again[1].events[0].articles == ("copy",)
    assert again[1].events[0].article == "copy"
    facts_of([_article("a", text + " It rained.")], folder=tmp_path)
    assert calls[-1] == ["a"]  # another text is parsed again
