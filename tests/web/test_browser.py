"""The pages in a real browser: Debian's chromium driven by Playwright, the app on a loopback port.

Screenshots go to $STORYLINE_ARTIFACTS (or a pytest temporary folder) for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from storyline import api
from storyline.options import Options
from storyline.store.sqlite import SQLiteStore
from storyline.web import create_app

pytestmark = pytest.mark.browser
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
NSC_QUOTE = "has taken significant new enforcement actions"
KESSEL_QUOTE = "a first step, not the last one"  # fictional demo: quoted by all three Kessel reports

Serve = Callable[[FastAPI], str]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("STORYLINE_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _ingested(path: str, sources: list[str]) -> list[str]:
    """Ingest (extract, cluster) ``sources`` into a fresh store at ``path``; the stories' ids."""
    options = Options(db=path)
    with SQLiteStore(path) as store:
        report = api.ingest(sources, store, options)
        assert report.ok, report.failed
        return sorted({store.story_of(a.id) or "" for a in report.ingested})


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The two seed reports ingested (extracted, clustered) into a fresh store: (path, story id)."""
    path = str(tmp_path_factory.mktemp("seeds") / "seeds.db")
    stories = _ingested(path, [str(SEEDS)])
    assert len(stories) == 1, "the two seeds should form one story"
    return path, stories[0]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The fictional demo corpus in a fresh store: (path, id of the Kessel crossing story)."""
    path = str(tmp_path_factory.mktemp("demo") / "demo.db")
    _ingested(path, [str(DEMO)])
    with SQLiteStore(path) as store:
        kessel = [s.id for s in store.stories() if "Kessel" in (s.title or "")]
    assert len(kessel) == 1, "the demo's Kessel reports should form one story"
    return path, kessel[0]


def open_page(browser: Browser, url: str, viewport: dict[str, int]) -> tuple[Page, list[str]]:
    """A page at ``url``; the list collects console errors, page errors (CSP violations among them) and
    any dialog (an ``alert`` that ran)."""
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(url)
    return page, problems


def _check_story_page(
    browser: Browser, serve: Serve, db: tuple[str, str], outlets: list[str], quote: str, shots: Path
) -> None:
    """Every outlet has its column with ``quote`` marked agreed; the timeline, the cited summary, the
    legend toggle work; no console error; a phone never scrolls sideways."""
    path, story_id = db
    base = serve(create_app(Options(db=path)))
    page, problems = open_page(browser, f"{base}/stories/{story_id}", DESKTOP)

    assert sorted(page.locator(".columns .column h3.outlet").all_inner_texts()) == outlets
    for column in page.locator(".columns .column").all():
        marked = column.locator("mark.agreed").all_inner_texts()
        assert any(quote in text for text in marked), (column.get_attribute("data-outlet"), marked)
    assert page.locator("svg.timeline-chart").is_visible()
    assert page.locator("svg.timeline-chart .moment").count() >= 1
    assert page.locator(".moments li").count() >= 1
    cite = page.locator(".summary a.cite").first
    assert cite.get_attribute("href", timeout=1000) in {f"/articles/{a}" for a in _article_ids(path)}
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "story-desktop.png"), full_page=True)

    page.locator(".legend .toggle[data-mark=agreed]").click()
    assert page.evaluate("document.body.classList.contains('hide-agreed')")
    assert problems == []

    phone, phone_problems = open_page(browser, f"{base}/stories/{story_id}", PHONE)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the story page scrolls sideways on a phone ({width}px)"
    phone.screenshot(path=str(shots / "story-phone.png"), full_page=True)
    assert phone_problems == []


def test_demo_story_page_shows_every_outlet_the_shared_quote_marked_in_each_and_a_timeline(
    browser: Browser, serve: Serve, demo_db: tuple[str, str], artifacts: Path
) -> None:
    outlets = ["Eastgate Herald", "Meridian Press", "The Varrow Ledger"]
    _check_story_page(browser, serve, demo_db, outlets, KESSEL_QUOTE, artifacts / "demo")


def test_seed_story_page_shows_both_outlets_the_nsc_quote_marked_in_both_and_a_timeline(
    browser: Browser, serve: Serve, seeds_db: tuple[str, str], artifacts: Path
) -> None:
    _check_story_page(browser, serve, seeds_db, ["CNN", "NewsNation"], NSC_QUOTE, artifacts / "seeds")


def _article_ids(path: str) -> list[str]:
    with SQLiteStore(path) as store:
        return store.article_ids()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_other_pages_render_without_errors(
    browser: Browser, serve: Serve, demo_db: tuple[str, str], artifacts: Path, viewport: dict[str, int]
) -> None:
    path, story_id = demo_db
    base = serve(create_app(Options(db=path)))
    name = "desktop" if viewport is DESKTOP else "phone"
    article = _article_ids(path)[0]
    for slug, url in [("list", "/"), ("search", "/search?q=Halvarsen"), ("article", f"/articles/{article}")]:
        page, problems = open_page(browser, base + url, viewport)
        assert page.locator("main h1").count() >= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=str(artifacts / f"{slug}-{name}.png"), full_page=True)
        assert problems == [], (url, problems)
    page, _ = open_page(browser, f"{base}/stories/{story_id}", viewport)
    entity = page.locator(".entities a").first
    entity.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{base}/entities/")
    assert page.locator("main h1").inner_text()
    page.screenshot(path=str(artifacts / f"entity-{name}.png"), full_page=True)


def test_script_and_img_onerror_in_article_text_render_as_text(
    browser: Browser, serve: Serve, fictional_db: str, artifacts: Path
) -> None:
    base = serve(create_app(Options(db=fictional_db, extract=False, cluster=False)))
    for url in ("/stories/story-1", "/articles/art-b", "/search?q=banner"):
        page, problems = open_page(browser, base + url, DESKTOP)
        page.wait_for_timeout(200)
        text = page.locator("main").inner_text()
        assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
        assert page.locator("main script, main img").count() == 0
        assert problems == []
    page.screenshot(path=str(artifacts / "escaped-search.png"), full_page=True)


def test_unknown_story_is_a_proper_404_page(browser: Browser, serve: Serve, fictional_db: str) -> None:
    base = serve(create_app(Options(db=fictional_db)))
    page = browser.new_page()
    response = page.goto(f"{base}/stories/no-such-story")
    assert response is not None and response.status == 404
    assert "404" in page.locator("h1").inner_text()
    assert page.locator("a[href='/']").count() >= 1


def test_api_docs_render_offline_from_local_assets(
    browser: Browser, serve: Serve, fictional_db: str, artifacts: Path
) -> None:
    base = serve(create_app(Options(db=fictional_db)))
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    outside: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(f"{base}/docs")
    page.locator(".opblock").first.wait_for(timeout=10_000)  # Swagger UI drew the operations
    assert page.locator(".opblock-summary-path", has_text="/api/stories").count() >= 1
    page.screenshot(path=str(artifacts / "docs-desktop.png"), full_page=False)
    assert outside == [] and problems == []


def test_add_a_report_in_the_browser_and_find_its_story(
    browser: Browser, serve: Serve, tmp_path: Path, artifacts: Path
) -> None:
    report = tmp_path / "ferry.txt"
    report.write_text(  # fictional
        "date: 2031-07-01\n\n(Bay Herald) — The Lindmark ferry resumed service on Monday after a storm, "
        "the harbour office said. “We sailed on time,” captain Ines Moro said.",
        encoding="utf-8",
    )
    base = serve(create_app(Options(db=str(tmp_path / "add.db"))))
    page, problems = open_page(browser, f"{base}/add", DESKTOP)
    page.set_input_files("input[name=files]", str(report))
    page.screenshot(path=str(artifacts / "add-desktop.png"), full_page=True)
    page.locator(".add-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == "1 report added"
    page.screenshot(path=str(artifacts / "added-desktop.png"), full_page=True)
    page.locator(".added-list a[href^='/stories/']").first.click()
    page.wait_for_load_state()
    page.locator("details.correct summary").click()
    assert page.locator("form.correct-form").first.is_visible()
    page.screenshot(path=str(artifacts / "story-correct-desktop.png"), full_page=True)
    assert problems == []


def test_story_page_lists_possible_same_event_matches_apart_from_related_stories(
    browser: Browser, serve: Serve, tmp_path: Path, artifacts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The FICTIONAL week of tests/cluster/week_corpus.py: one mine flood kept in two stories is
    listed under "Possibly the same event" with p and why, another mine's flood under "Related"."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cluster"))
    from cluster_corpus import write
    from week_corpus import MINE, OTHER_LAW, WEEK

    from storyline.cluster import pairs

    options = Options(db=str(tmp_path / "week.db"), extract=False)
    texts = WEEK | {"other_law-1": OTHER_LAW} | MINE
    with SQLiteStore(options.db) as store:
        report = api.ingest(write(tmp_path / "in", texts), store, options)
        assert report.ok, report.failed
        ids = {Path(a.source or "").stem: a.id for a in report.ingested}
        first, second, other = (store.story_of(ids[n]) for n in ("mine_flood-1", "mine_flood-2", "mine_other-1"))
    # the flood pair's p set inside the band (tests/cluster/test_doubt.py: how a link in the band
    # is shown, not where the model puts this fictional pair); every other pair keeps the model's p
    flood = {ids["mine_flood-1"], ids["mine_flood-2"]}
    model_p = pairs.probability
    in_band = lambda fa, fb, va, vb: 0.65 if {fa.article, fb.article} <= flood else model_p(fa, fb, va, vb)  # noqa: E731
    monkeypatch.setattr(pairs, "probability", in_band)
    base = serve(create_app(options))
    page, problems = open_page(browser, f"{base}/stories/{first}", DESKTOP)
    doubtful, related = page.locator("nav.doubtful"), page.locator("nav.related")
    assert doubtful.is_visible() and related.is_visible()
    assert doubtful.locator("h2").inner_text().startswith("Possibly the same event")
    assert doubtful.locator(f'a[href="/stories/{second}"]').count() == 1
    assert doubtful.locator(f'a[href="/stories/{other}"]').count() == 0
    assert related.locator(f'a[href="/stories/{other}"]').count() == 1
    assert "may be the same event (p = 0." in doubtful.inner_text()
    box_d, box_r = doubtful.bounding_box(), related.bounding_box()
    assert box_d is not None and box_r is not None and box_d["y"] < box_r["y"]
    shots = artifacts / "doubtful"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "story-desktop.png"), full_page=False)
    assert problems == []
    phone, phone_problems = open_page(browser, f"{base}/stories/{first}", PHONE)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(shots / "story-phone.png"), full_page=False)
    assert phone_problems == []
