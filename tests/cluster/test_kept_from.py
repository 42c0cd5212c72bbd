"""What the clusterer kept a report out of is written into its "why" (``kept_from``, issue #14):
``batch.evidence``'s cuts reach every member's why after ``recluster`` and ingest's ``regroup``,
naming the other report and the reason, and ``story --why`` says it in plain words.

The reports and their facts are FICTIONAL, written for these tests (an invented town, council and
councillors); the facts are made by hand, as extraction would store them, so no parser runs here."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from cluster_corpus import assign_then_regroup

from storyline.cli import main
from storyline.cluster import edit
from storyline.cluster.batch import Cut, evidence
from storyline.cluster.features import Features, features, lede_events
from storyline.cluster.regroup import regroup
from storyline.cluster.state import member_reasons
from storyline.cluster.stories import recluster
from storyline.cluster.vectors import StoryState
from storyline.options import Options
from storyline.present.apart import kept_line
from storyline.records import Article, Event, Facts, Mention
from storyline.spark.storywork import article_row, cluster_block, vector
from storyline.store import Store
from storyline.store.sqlite import SQLiteStore
from storyline.web import create_app

# past the lede: what every report of either resignation says after its opening lines
LATER = (
    " The Harrowmere council meets again on Tuesday to choose who sits on the harbour committee until "
    "the by-election. The mayor thanked the councillor for years of service and said the vote on the "
    "new ferry landing would go ahead as planned despite the vacancy on the committee."
)
LATER_SALK = (
    " It is the second seat to fall empty on the council this season, and the clerk said the notice "
    "had reached the town hall by hand late in the evening. A spokesman for his ward declined to comment."
)
DRAN, SALK = "Pia Dranmoor", "Edvin Salk"
LEDES = {  # the lede and the person who resigned
    "dran-1": (f"Harrowmere councillor {DRAN} resigned on Monday over the harbour contract, the council said.", DRAN),
    "dran-2": (f"{DRAN} resigned from Harrowmere council on Monday, citing the harbour contract.", DRAN),
    "dran-3": (f"Councillor {DRAN} has resigned from the Harrowmere council over the harbour contract.", DRAN),
    "salk-1": (f"Harrowmere councillor {SALK} resigned on Thursday over the harbour contract, the council said.", SALK),
}
STORED: dict[str, tuple[Article, Facts]] = {}


def _report(key: str) -> Features:
    lede, person = LEDES[key]
    body = lede + LATER + (LATER_SALK if key.startswith("salk") else "")
    article = Article(id=key, body=body, title=lede.split(",")[0], content_hash=key)
    at = body.index(person)
    mention = Mention(key, at, at + len(person), person, "PERSON", person.lower(), person)
    event = Event("e0", (key,), person, "resign", None, None, None, body[:20], key, 0, 20, "statement")
    facts = Facts(article=key, mentions=(mention,), events=(event,))
    STORED[key] = article, facts
    return features(article, events=lede_events(article, facts))


FEATURES = {key: _report(key) for key in LEDES}
KEYS = tuple(LEDES)


def _vec(key: str) -> dict[int, float]:
    return {1: 0.9, 2: 0.3 + 0.01 * KEYS.index(key), 100 + KEYS.index(key): 0.2}  # close to one another


def _same_resignation(a: str, b: str) -> float:
    return 0.9 if a.split("-")[0] == b.split("-")[0] else 0.8


def test_evidence_names_both_sides_of_a_cut_and_the_reason() -> None:
    kept: dict[str, list[Cut]] = {}
    groups = evidence([list(KEYS)], _vec, 0.5, FEATURES.__getitem__, None, _same_resignation, kept)
    assert groups == [["dran-1", "dran-2", "dran-3"], ["salk-1"]]
    # the cut is made around the conflicting pair the pair model holds least (ties to the first)
    assert kept == {
        "dran-1": [Cut("salk-1", "cannot link", 0.8)],
        "salk-1": [Cut("dran-1", "cannot link", 0.8)],
    }
    assert kept["salk-1"][0].to_dict() == {"article": "dran-1", "reason": "cannot link", "p": 0.8}
    assert evidence([list(KEYS)], _vec, 0.5, FEATURES.__getitem__, None, _same_resignation) == groups  # bookkeeping


def test_a_member_taken_out_for_too_little_evidence_names_what_stayed() -> None:
    kept: dict[str, list[Cut]] = {}

    def p(a: str, b: str) -> float:
        return 0.2 if "dran-3" in (a, b) else 0.9

    ids = ["dran-1", "dran-2", "dran-3"]
    assert evidence([ids], _vec, 0.5, FEATURES.__getitem__, None, p, kept) == [["dran-1", "dran-2"], ["dran-3"]]
    assert kept == {"dran-3": [Cut("dran-1", "pair model", 0.2)]}
    assert kept["dran-3"][0].to_dict() == {"article": "dran-1", "reason": "pair model", "p": 0.2}


def test_a_cut_naming_a_member_of_the_same_story_is_left_out_of_the_why() -> None:
    rows = [(m, _vec(m), None) for m in ("dran-1", "dran-2")]
    state = StoryState("s")
    for _, vec, _ in rows:
        state.add(vec, None)
    kept = {"dran-2": [Cut("dran-1", "floor", 0.05), Cut("salk-1", "cannot link", 0.8)]}
    reasons = member_reasons(state, rows, FEATURES.__getitem__, 0.3, kept)
    assert "kept_from" not in reasons[0]
    assert reasons[1]["kept_from"] == [{"article": "salk-1", "reason": "cannot link", "p": 0.8}]


@pytest.fixture
def stored() -> Iterator[Store]:
    """The four reports ingested one by one, as ``assign`` places them, then regrouped as ingest does."""
    store = SQLiteStore(":memory:")
    assign_then_regroup(store, STORED, KEYS)
    yield store
    store.close()


def _kept(store: Store, key: str) -> list[dict[str, object]]:
    return list(store.story_why(key)[1].get("kept_from", []))


def _check_cut(store: Store) -> None:
    dran = store.story_of("dran-1")
    assert store.story_of("dran-2") == dran == store.story_of("dran-3") != store.story_of("salk-1")
    (cut,) = _kept(store, "salk-1")
    assert cut["reason"] == "cannot link" and cut["article"] in ("dran-1", "dran-2", "dran-3")
    assert _kept(store, str(cut["article"])) == [{**cut, "article": "salk-1"}]
    for key in ("dran-1", "dran-2", "dran-3"):
        if key != cut["article"]:
            assert _kept(store, key) == []


def test_regroup_records_the_cut_in_both_reports_why(stored: Store) -> None:
    _check_cut(stored)


def _forget(store: Store) -> None:
    """Every report's why without its ``kept_from``."""
    for key in KEYS:
        _, reasons = store.story_why(key)
        store.set_story_why(key, {k: v for k, v in reasons.items() if k != "kept_from"})


def test_regroup_records_a_cut_that_left_both_stories_as_they_were(stored: Store) -> None:
    # a second regroup cuts again but rewrites neither story: the cut still reaches the why
    _forget(stored)
    assert _kept(stored, "salk-1") == []
    before = {key: stored.story_of(key) for key in KEYS}
    regroup(stored, ["salk-1"], Options())
    assert {key: stored.story_of(key) for key in KEYS} == before
    _check_cut(stored)


def test_recluster_records_the_cut(stored: Store) -> None:
    _forget(stored)
    recluster(stored, Options())
    _check_cut(stored)


def test_explain_names_the_other_report_in_plain_words(stored: Store) -> None:
    (row,) = edit.explain(stored, stored.story_of("salk-1") or "")
    (cut,) = row["kept_from"]
    assert cut["story"] == stored.story_of("dran-1") and cut["title"] == STORED[cut["article"]][0].title
    line = kept_line(cut)
    assert line.startswith(f"kept apart from “{cut['title']}” ({cut['article']}), now in story {cut['story']}: ")
    assert "their ledes report one action by different people" in line


@pytest.fixture
def db(stored: Store, tmp_path: Path) -> str:
    """``stored`` copied to a file, for the CLI and the web app."""
    path = str(tmp_path / "kept.db")
    copy = SQLiteStore(path)
    try:
        stored.db.backup(copy.db)  # type: ignore[attr-defined]
    finally:
        copy.close()
    return path


def test_story_why_shows_the_cut_on_the_terminal_and_in_json(stored: Store, db: str) -> None:
    story = str(stored.story_of("salk-1"))
    shown = CliRunner().invoke(main, ["--db", db, "story", story, "--why"])
    assert shown.exit_code == 0, shown.output
    said = " ".join(shown.output.split())  # as wrapped to the console's width
    (cut,) = _kept(stored, "salk-1")
    assert f"kept apart from “{STORED[str(cut['article'])][0].title}” ({cut['article']})" in said
    assert "their ledes report one action by different people" in said
    data = CliRunner().invoke(main, ["--db", db, "story", story, "--why", "--json"])
    assert data.exit_code == 0, data.output
    (row,) = json.loads(data.output)["why"]
    assert row["kept_from"][0]["reason"] == "cannot link" and row["kept_from"][0]["article"] == cut["article"]
    plain = CliRunner().invoke(main, ["--db", db, "story", story, "--json"])
    assert "why" not in json.loads(plain.output)  # the JSON contract as it was without --why


async def _pages(app: object, paths: list[str]) -> list[str]:
    """The pages at ``paths``, asked of ``app`` in process (no socket; starlette's TestClient wants
    an extra package in its newer releases)."""
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        return [(await client.get(path)).text for path in paths]


def test_the_story_page_says_what_each_report_was_kept_apart_from(stored: Store, db: str) -> None:
    app = create_app(Options(db=db, extract=False, cluster=False))
    html, other = asyncio.run(_pages(app, [f"/stories/{stored.story_of(k)}" for k in ("salk-1", "dran-1")]))
    (cut,) = _kept(stored, "salk-1")
    title = STORED[str(cut["article"])][0].title
    assert "Kept apart by the clusterer (1 report)" in html
    assert f"kept apart from “{title}” ({cut['article']})" in html
    assert "their ledes report one action by different people" in html
    assert f"kept apart from “{STORED['salk-1'][0].title}” (salk-1)" in other


def test_spark_s_stories_record_the_cut_as_recluster_does(stored: Store) -> None:
    # the worker functions alone (no JVM): rows, document frequencies, vectors, ``cluster_block``
    rows = [article_row(a, events=lede_events(a, f)) for a, f in (STORED[key] for key in KEYS)]
    df: dict[int, int] = {}
    for r in rows:
        for t in set(r["words"][0]) | set(r["specifics"][0]):
            df[t] = df.get(t, 0) + 1
    got = cluster_block([vector(r, df, len(rows), "builtin") | r for r in rows], Options().story_threshold)
    recluster(stored, Options())
    _check_cut(stored)
    for r in got:
        assert json.loads(r["why"]).get("kept_from") == stored.story_why(r["article"])[1].get("kept_from")
