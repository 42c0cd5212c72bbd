"""Entity linking and quote extraction stay near-linear on long bodies (generated, fictional text)."""

from __future__ import annotations

import time
from typing import Any

from spacy.tokens import Doc

from storyline.extractors import entities, quotes
from storyline.records import Article

_FIRST = ["Ana", "Tom", "Lena", "Rosa", "Jan", "Omar", "Ines", "Karl", "Mira", "Paul"]
_LAST = ["Ruiz", "Arden", "Fisk", "Blum", "Marek", "Vidal", "Ortiz", "Brandt", "Lind", "Novak", "Quist", "Hale"]


def _sentences(count: int) -> str:
    out = []
    for n in range(count):
        full, last = f"{_FIRST[n % 10]} {_LAST[(n // 10) % 12]}", _LAST[(n // 10) % 12]
        out.append(
            f"Senator {full} said the bridge on road {n} will open in May. “It is ready,” {last} said. "
            f"{last} told reporters the plan would “cost too much” when it starts. "
            f"Rents rose {n} percent, according to the housing office. "
        )
    return "".join(out)


def _extract_seconds(doc: Any) -> tuple[float, int]:
    """CPU seconds (not wall): other processes on a shared machine must not look like quadratic growth."""
    article = Article(id="long", body=doc.text)
    start = time.process_time()
    found = quotes.quotes(doc, article, entities.mentions(doc, article))
    return time.process_time() - start, len(found)


def test_a_200_kb_single_line_body_extracts_in_near_linear_time(nlp: Any) -> None:
    block = nlp(_sentences(120))  # ~25 KB, parsed once; copies make the long body without re-parsing
    small = block
    large = Doc.from_docs([block] * 8, ensure_whitespace=False)  # ~200 KB on one line
    assert len(large.text) > 190_000 and "\n" not in large.text
    small_s = min(_extract_seconds(small)[0] for _ in range(2))
    large_s, found = _extract_seconds(large)
    assert found >= 8 * 120 * 3  # every copy still yields its quotes
    # Linear work grows 8×; the old quadratic linking and host search grew ~60× here.
    assert large_s < 20 * small_s + 1.0, (small_s, large_s)
