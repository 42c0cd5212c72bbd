"""Hypothesis over the readers, the extractors and the comparison (#20 fuzz suite).

Each property is one that held on the probe's 4,000 inputs and must keep holding: a reader yields
articles or ``InputError``s and raises nothing else; every extracted fact's offsets reproduce its
text and its numbers are finite; building a story from any two reports raises nothing and every
group points at facts that exist. ``STORYLINE_FUZZ_EXAMPLES`` scales the example counts up for a
long run (scripts/fuzz_ingest.py --hypothesis).
"""

from __future__ import annotations

import ipaddress
import json
import math
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.compare.report import build_story_from
from storyline.errors import InputError
from storyline.extractors import pipeline
from storyline.options import Options
from storyline.readers import iso_date, parse_bytes
from storyline.readers.decode import decode
from storyline.readers.fetch import embedded_ipv4, is_public
from storyline.records import Article, Facts

SCALE = max(1, int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "1")))
FAST = settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=12 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that exercises the extractors: words, names, numbers, dates, quote marks, punctuation runs.
PIECES = st.sampled_from(
    [
        "The fictional council", " said", " Mayor Ana Ruiz", ' "', "“", "”", "‘", "’", " (", ")", ".", ",", " ",
        "\n\n", " 12", " 1e309", " 9" * 30, " million", " percent", " on Monday", " March 3, 2031", " 31/12/9999",
        " December 31, 9999", " two days earlier", " $", "€", " -", "–", " per cent", " about", " 0.5",
        " according to officials", " told reporters", ":", ";", "?", "!", "\u2028", "\x0c", "é", "\u0301", "🏳️‍🌈",
    ]
)  # fmt: skip
PROSE = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=60).map("".join)
KEYS = st.sampled_from(["body", "text", "html", "title", "url", "published", "outlet"]) | st.text(max_size=4)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(KEYS, inner),
    max_leaves=12,
)
NAMES = st.sampled_from(["a.txt", "a.html", "a.rss", "a.jsonl", "a.json", "a.warc", "a.warc.gz", "a", "a.xml"])


@FAST
@given(st.binary(max_size=2000), NAMES)
def test_any_bytes_give_articles_or_input_errors(data: bytes, name: str) -> None:
    try:
        items = list(parse_bytes(data, name, Options(fetch=False)))
    except InputError:
        return
    assert all(isinstance(i, Article | InputError) for i in items)
    for item in items:
        if isinstance(item, Article):
            item.body.encode("utf-8")  # storable: no lone surrogates
            assert item.published is None or iso_date(item.published) == item.published


@FAST
@given(
    st.one_of(st.binary(max_size=400), st.sampled_from([b"\xe9", b"\x80\x81", b"\xff\xfe", b"\x00"])),
    st.sampled_from(["base64", "rot13", "hex", "zlib", "uu", "undefined", "utf-8", "cp1252", "utf-16", "nonsense"]),
)
def test_any_bytes_under_any_declared_charset_decode_or_are_refused(data: bytes, charset: str) -> None:
    page = b'<html><head><meta charset="' + charset.encode() + b'"></head><body>' + data + b"</body></html>"
    try:
        text, _ = decode(page, "x.html", f"text/html; charset={charset}")
    except InputError:
        return
    text.encode("utf-8")


@FAST
@given(JSON)
def test_any_json_value_on_a_line_gives_an_article_or_an_input_error(value: object) -> None:
    line = json.dumps(value).encode()
    try:
        items = list(parse_bytes(b"{}\n" + line + b"\n", "a.jsonl", Options(fetch=False)))
    except InputError:
        return
    assert all(isinstance(i, Article | InputError) for i in items)


@FAST
@given(st.text(max_size=40) | st.datetimes().map(str) | st.integers().map(str))
def test_iso_date_is_a_real_date_inside_the_years_or_none(text: str) -> None:
    found = iso_date(text)
    assert found is None or (len(found) == 10 and 1000 <= int(found[:4]) <= 2999)


@FAST
@given(st.integers(min_value=0, max_value=2**128 - 1))
def test_an_ipv6_address_carrying_a_non_public_ipv4_is_not_public(value: int) -> None:
    ip = ipaddress.IPv6Address(value)
    if any(not v4.is_global for v4 in embedded_ipv4(ip)):
        assert not is_public(ip)
    mapped = ipaddress.IPv6Address((0xFFFF << 32) | (value & 0xFFFFFFFF))
    assert is_public(mapped) == is_public(mapped.ipv4_mapped)  # type: ignore[arg-type]


def _facts_hold(body: str, facts: Facts) -> None:
    for fact in (*facts.mentions, *facts.quotes, *facts.figures, *facts.dates, *facts.events):
        assert 0 <= fact.start <= fact.end <= len(body) and body[fact.start : fact.end] == fact.text
    for figure in facts.figures:
        assert all(v is None or math.isfinite(v) for v in (figure.value, figure.low, figure.high))


@SLOW
@given(PROSE)
def test_extraction_of_any_text_keeps_offsets_and_finite_numbers(body: str) -> None:
    facts = pipeline.extract_one(Article(id="hx", body=body, published="2031-03-03"), Options())
    _facts_hold(body, facts)


@SLOW
@given(PROSE, PROSE)
def test_a_story_of_any_two_reports_builds_and_points_at_real_facts(one: str, two: str) -> None:
    articles = [
        Article(id="ha", body=one or "x", published="2031-03-03", outlet="Fictional Daily"),
        Article(id="hb", body=two or "y", published="2031-03-04", outlet="Fictional Post"),
    ]
    facts = pipeline.extract_articles(articles, Options(n_process=1))
    story = build_story_from(articles, facts, Options())
    ids = {x.id for x in (*story.quotes, *story.figures, *story.events, *story.entities)}
    for row in (*story.comparison.agreed, *story.comparison.possible):
        assert set(row.items) <= ids and set(row.articles) <= {"ha", "hb"}
    shown = [i for row in story.comparison.agreed for i in row.items]
    assert len(shown) == len(set(shown))  # a fact is agreed once
