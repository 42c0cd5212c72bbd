"""Doubtful links (``cluster.doubt``): a related story that may be the same event, kept apart, is
shown apart from topic links, with the pair model's probability and why, on both stories.

The reports are FICTIONAL (tests/cluster/week_corpus.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from week_corpus import MINE, OTHER_LAW, WEEK

from storyline.api import ingest, story
from storyline.cluster.doubt import POSSIBLE
from storyline.options import Options
from storyline.records import Related
from storyline.store import Store, open_store


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Options, dict[str, str]]]:
    """The fictional week with the mine reports, ingested once: (store, options, name -> story)."""
    from cluster_corpus import write

    tmp = tmp_path_factory.mktemp("doubt")
    options = Options(db=str(tmp / "stories.db"), extract=False)
    store = open_store(options.db)
    texts = WEEK | {"other_law-1": OTHER_LAW} | MINE
    report = ingest(write(tmp / "in", texts), store=store, options=options)
    assert not report.failed, report.failed
    by_source = {Path(a.source or "").stem: a.id for a in report.ingested + report.present}
    stories = {name: store.story_of(by_source[name]) or "" for name in texts}
    yield store, options, stories
    store.close()


@pytest.fixture
def flood_in_band(week, monkeypatch):  # type: ignore[no-untyped-def]
    """The two flood reports' p set inside the band (0.65): these tests check how a link in the
    band is shown and read, not where the pair model puts this fictional pair (since stories-14,
    0.38: the second report names nothing the first does). Every other pair keeps the model's p."""
    from storyline.cluster import pairs

    store, _, stories = week
    flood = set(store.story_articles(stories["mine_flood-1"])) | set(store.story_articles(stories["mine_flood-2"]))
    model_p = pairs.probability

    def probability(fa, fb, va, vb):  # type: ignore[no-untyped-def]
        return 0.65 if {fa.article, fb.article} <= flood else model_p(fa, fb, va, vb)

    monkeypatch.setattr(pairs, "probability", probability)
    return week


def _link(links: tuple[Related, ...], story_id: str) -> Related:
    found = [r for r in links if r.id == story_id]
    assert len(found) == 1, (story_id, links)
    return found[0]


def test_one_event_kept_apart_is_a_possible_link_with_p_and_why_on_both_stories(flood_in_band) -> None:  # type: ignore[no-untyped-def]
    store, options, stories = flood_in_band
    first, second = stories["mine_flood-1"], stories["mine_flood-2"]
    assert first != second, "the evidence keeps the two flood reports apart"
    here = _link(story(store, first, options).related, second)
    there = _link(story(store, second, options).related, first)
    for link in (here, there):
        assert link.kind == "possible"
        assert link.p is not None and POSSIBLE <= link.p < 1
        assert link.why.startswith(f"may be the same event (p = {link.p:.2f})")
        assert "kept apart" in link.why
    assert here.p == there.p
    # what differs, read from each side: only the first report names the mine
    assert any("only here" in d and "Orrin" in d for d in here.differs)
    assert any("only there" in d and "Orrin" in d for d in there.differs)


def test_another_event_of_the_topic_is_a_topic_link(flood_in_band) -> None:  # type: ignore[no-untyped-def]
    store, options, stories = flood_in_band
    first, other = stories["mine_flood-1"], stories["mine_other-1"]
    assert first != other
    built = story(store, first, options)
    link = _link(built.related, other)
    assert link.kind == "topic"
    assert link.p is not None and link.p < POSSIBLE
    assert link.why.startswith("same topic, likely another event")
    assert any("Brackwater" in d for d in link.differs)
    # possible links come first; the JSON keeps id, title, similarity and adds p, kind, why
    assert [r.kind for r in built.related] == sorted((r.kind for r in built.related), key=lambda k: k != "possible")
    data = {r["id"]: r for r in built.to_dict()["related"]}
    for key in ("id", "title", "similarity", "p", "kind", "why", "shared", "words", "differs"):
        assert key in data[other] and key in data[stories["mine_flood-2"]]
    assert data[other]["kind"] == "topic" and data[stories["mine_flood-2"]]["kind"] == "possible"


def test_cli_and_story_page_list_possible_matches_apart_from_related_stories(flood_in_band) -> None:  # type: ignore[no-untyped-def]
    import anyio
    import httpx
    from rich.console import Console

    from storyline.present.terminal import render_story
    from storyline.web import create_app

    store, options, stories = flood_in_band
    first, second, other = stories["mine_flood-1"], stories["mine_flood-2"], stories["mine_other-1"]
    console = Console(record=True, width=200)
    render_story(console, story(store, first, options))
    text = console.export_text()
    possible, _, topic = text.partition("Related stories (same topic, another event)")
    assert "Possibly the same event (kept apart)" in possible and second in possible and other not in possible
    assert other in topic and second not in topic
    assert "p 0." in possible and "may be the same event" in possible

    async def get(path: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(options))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get(path)

    page = anyio.run(get, f"/stories/{first}").text
    doubtful = page.split('<nav class="doubtful"', 1)[1].split("</nav>", 1)[0]
    related = page.split('<nav class="related"', 1)[1].split("</nav>", 1)[0]
    assert f'href="/stories/{second}"' in doubtful and f'href="/stories/{other}"' not in doubtful
    assert f'href="/stories/{other}"' in related and f'href="/stories/{second}"' not in related
    assert "may be the same event" in doubtful
    assert page.index('<nav class="doubtful"') < page.index('<nav class="related"')
    data = anyio.run(get, f"/api/stories/{first}").json()
    kinds = {r["id"]: (r["kind"], r["p"]) for r in data["related"]}
    assert kinds[second][0] == "possible" and kinds[other][0] == "topic"


def test_central_members_are_kept_between_views_until_the_store_counts_another_report(week, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from storyline.cluster import doubt
    from storyline.cluster.state import DOCS_KEY, member_features

    store, _, stories = week
    calls: list[str] = []

    def counted(store: Store, article_id: str):  # type: ignore[no-untyped-def]
        calls.append(article_id)
        return member_features(store, article_id)

    monkeypatch.setattr(doubt, "member_features", counted)
    monkeypatch.setattr(doubt, "_kept", doubt.Kept(doubt.KEPT))
    first = stories["mine_flood-1"]
    found = doubt.Members(store).central(first)
    assert found and len(calls) == len(store.story_articles(first))
    assert doubt.Members(store).central(first) == found and len(calls) == len(store.story_articles(first))
    count = store.get_meta(DOCS_KEY) or "0"
    try:
        store.set_meta(DOCS_KEY, str(int(count) + 1))  # another report counted: weights move
        doubt.Members(store).central(first)
        assert len(calls) == 2 * len(store.story_articles(first))
    finally:
        store.set_meta(DOCS_KEY, count)


def test_the_reason_names_what_both_share_and_the_years_and_names_only_one_side_has() -> None:
    from collections import Counter

    from storyline.cluster.doubt import _reasons
    from storyline.cluster.features import Features, term_hash

    def side(name: str, specifics: list[str]) -> list[tuple[Features, dict[int, float]]]:
        keys = {term_hash(s): s for s in specifics}
        f = Features(name, Counter(), Counter(dict.fromkeys(keys, 1)), None, keys)
        return [(f, dict.fromkeys(keys, 0.5))]

    # FICTIONAL: two floods of one river, two years apart
    shared, differs = _reasons(side("a", ["Selm", "Ashby", "2021", "Mollen"]), side("b", ["Selm", "Ashby", "2023"]))
    assert set(shared) == {"Selm", "Ashby"}
    assert "years: 2021 here, 2023 there" in differs
    assert "only here: Mollen" in differs


def test_the_model_alone_keeps_the_flood_reports_apart_and_links_them(week) -> None:  # type: ignore[no-untyped-def]
    """Unpatched: the model's own p is what the link shows, below the joining threshold."""
    from storyline.cluster.batch import SAME_EVENT

    store, options, stories = week
    first, second = stories["mine_flood-1"], stories["mine_flood-2"]
    assert first != second
    link = _link(story(store, first, options).related, second)
    assert link.p is not None and 0 < link.p < SAME_EVENT
    assert link.kind == ("possible" if link.p >= POSSIBLE else "topic")
