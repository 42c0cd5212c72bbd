"""Building a story is near-linear in its facts, also when one report repeats the same quote
thousands of times (#20 item 5: one 1 MB article took 278 s and 6.8 GB to export on main).

The text is fictional; its facts are extracted once and copied with shifted offsets.
"""

from __future__ import annotations

import time

from storyline.compare.report import build_story_from
from storyline.extractors import chunks, pipeline
from storyline.options import Options
from storyline.records import Article, Facts

BLOCK = (
    '"We approved the bridge," said Mayor Ana Ruiz. "We approved the bridge," said Mayor Ana Ruiz. '
    "Police arrested two men in Northbrook on Monday, March 3, 2031, officials said. "
    "The bridge will cost 12 million dollars, the council said. "
) * 5


def _copies(facts: Facts, n: int) -> tuple[Article, Facts]:
    body = BLOCK * n
    step = len(BLOCK)

    def many(kind: str) -> list:  # type: ignore[type-arg]
        return chunks.renumber([[chunks.shift(f, k * step) for f in getattr(facts, kind)] for k in range(n)])

    moved = Facts(
        article="big",
        mentions=tuple(chunks.shift(m, k * step) for k in range(n) for m in facts.mentions),
        quotes=tuple(many("quotes")),
        figures=tuple(many("figures")),
        dates=tuple(many("dates")),
        events=tuple(many("events")),
        reference_date="2031-03-03",
    )
    return Article(id="big", body=body, published="2031-03-03", outlet="Fictional Daily"), moved


def _seconds(article: Article, facts: Facts) -> float:
    start = time.process_time()
    build_story_from([article], [facts], Options())
    return time.process_time() - start


def test_story_building_grows_near_linearly_with_repeated_quotes() -> None:
    facts = pipeline.extract_one(Article(id="big", body=BLOCK, published="2031-03-03"), Options())
    assert len(facts.quotes) >= 8 and facts.events
    small = _copies(facts, 16)
    large = _copies(facts, 128)
    _seconds(*small)  # warm caches (models, lookups)
    small_s = min(_seconds(*small) for _ in range(2))
    large_s = _seconds(*large)
    # 8x the facts: n log n is about 9-10x; the quadratic paths (figure pairs within one report,
    # dates scanned per fact, same-report quote and event pairs) made it 40-64x.
    assert large_s < 20 * small_s + 0.5, (small_s, large_s)
