"""Section 0 of tests/golden/demo_expectations.md: what ingest must make of examples/demo (fictional)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import articles, errors, read_all

from storyline.records import Article

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"

# key: (source suffix, outlet, published, dateline, credits); datelines in title case (see detect.py)
EXPECTED = {
    "A1": ("vellan-courier_ostra-flood.txt", "Vellan Courier", "2024-03-12", None, ("Courier Photo/Anneli Sorvik",)),
    "A2": ("harbourline_ostra-flood.html", "Harbourline News", "2024-03-12", "Port Vellan, Varrow Province",
           ("HARBOURLINE/Tomas Ek",)),
    "A3": ("northwind-radio_feed.xml#2", "Northwind Radio", "2024-03-13", None, ("Northwind Radio/Jon Aske",)),
    "B1": ("meridian-press_kessel-crossing.txt", "Meridian Press", "2024-04-17", "Kessel, Norvania",
           ("MERIDIAN PRESS/Ilse Varga",)),
    "B2": ("eastgate-herald_kessel-crossing.html", "Eastgate Herald", "2024-04-17", "Kessel, Norvania",
           ("MERIDIAN PRESS/Ilse Varga",)),
    "B3": ("varrow-ledger.jsonl:1", "The Varrow Ledger", "2024-04-18", "Varrow City", ()),
    "C1": ("vtn_rail-strike.txt", "VTN", None, "Varrow City", ("VTN Photo/Sami Aalto",)),
    "C2": ("northwind-radio_feed.xml#1", "Northwind Radio", "2024-05-15", None, ()),
    "C3": ("varrow-ledger.jsonl:2", "The Varrow Ledger", "2024-05-15", None, ()),
    "D1": ("harbourline_feldrin-flood-2023.html", "Harbourline News", "2023-11-07", "Feldrin, Varrow Province",
           ("HARBOURLINE/Tomas Ek",)),
    "D2": ("varrow-ledger.jsonl:3", "The Varrow Ledger", "2024-03-12", "Varrow City", ()),
}  # fmt: skip


@pytest.fixture(scope="module")
def demo() -> dict[str, Article]:
    items = read_all([DEMO])
    assert errors(items) == []
    by_source = {Path(a.source or "").name: a for a in articles(items)}
    assert len(by_source) == len(EXPECTED) == 11  # README.md is passed over
    return {key: by_source[spec[0]] for key, spec in EXPECTED.items()}


@pytest.mark.parametrize("key", list(EXPECTED))
def test_demo_article_metadata(demo: dict[str, Article], key: str) -> None:
    _, outlet, published, dateline, credits = EXPECTED[key]
    a = demo[key]
    assert (a.outlet, a.published, a.dateline, a.credits) == (outlet, published, dateline, credits)


@pytest.mark.parametrize("key", list(EXPECTED))
def test_demo_body_holds_no_header_caption_or_page_furniture(demo: dict[str, Article], key: str) -> None:
    body = demo[key].body
    assert "FICTIONAL" not in body
    for caption in demo[key].captions:
        assert caption not in body
    for credit in demo[key].credits:
        assert credit not in body
    assert not body.startswith(("title ", "note ", "date ", "url ", "outlet "))


def test_demo_page_boxes_stay_out_of_html_bodies(demo: dict[str, Article]) -> None:
    assert "Sella River floods Weir Road" not in demo["A2"].body
    assert "morning briefing" not in demo["B2"].body


def test_demo_titles(demo: dict[str, Article]) -> None:
    assert demo["A2"].title == "Port Vellan flood: about 60 evacuated as Ostra River peaks"
    assert demo["B2"].title == "Kessel border crossing to reopen on May 6 after six-month closure"
    assert demo["C1"].title == "Rail strike halts most trains across Varrow Province"
