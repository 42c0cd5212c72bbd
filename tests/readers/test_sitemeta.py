"""What a news page says about itself: outlet, headline without the site's name, its own date.

Every page and site below is FICTIONAL, written for these tests (the domains are invented names
under real suffixes, so that the registered domain can be told).
"""

from __future__ import annotations

import pytest

from storyline.readers import sitemeta
from storyline.readers.html import parse_html

BODY = (
    "<p>The Lindmark council voted on Tuesday to reopen the ferry line to the outer islands in June, "
    "officials said. The line will carry up to 400 passengers a day.</p>"
    "<p>“This is a good day for the islands,” Mayor Ina Kross said after the vote.</p>"
)


def page(head: str, body: str = BODY) -> str:
    return f"<!doctype html><html><head>{head}</head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    ("head", "outlet", "title"),
    [
        (  # the title carries " | Site"; og:site_name spells the domain
            '<title>Ferry line to reopen in June | Lindmark Post</title><meta property="og:site_name" '
            'content="Lindmark Post"><link rel="canonical" href="https://www.lindmarkpost.co.uk/news/ferry">',
            "Lindmark Post",
            "Ferry line to reopen in June",
        ),
        (  # the site first: "Site | Headline"
            '<title>Harbour Wire | Ferry line to reopen in June</title><meta property="og:url" '
            'content="https://harbourwire.com/2031/05/06/ferry">',
            "Harbour Wire",
            "Ferry line to reopen in June",
        ),
        (  # og:site_name is a list of sections: the name comes from the title's site part
            '<title>Ferry line to reopen in June - Islandsport</title><meta property="og:site_name" '
            'content="Sailing | Rowing | Ferries"><link rel="canonical" href="https://www.islandsport.net/a/1">',
            "Islandsport",
            "Ferry line to reopen in June",
        ),
        (  # a generic word is no outlet; with nothing better, the registered domain names the site
            '<title>Ferry line to reopen in June</title><meta property="og:site_name" content="Experience">'
            '<link rel="canonical" href="https://news.qx-isles.org/ferry">',
            "qx-isles.org",
            "Ferry line to reopen in June",
        ),
        (  # the JSON-LD publisher; a section left after the site's part is dropped too
            "<title>Ferry line to reopen in June | Islands | The Lindmark Courier</title>"
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry line to reopen '
            'in June", "publisher": {"@type": "Organization", "name": "The Lindmark Courier"}}</script>'
            '<link rel="canonical" href="https://lindmarkcourier.com/islands/ferry">',
            "The Lindmark Courier",
            "Ferry line to reopen in June",
        ),
        (  # a capitalised domain-like name the site gives itself reads as its name
            '<title>Ferry line to reopen in June - Kesselnews.com</title><meta property="og:site_name" '
            'content="Kesselnews.com"><link rel="canonical" href="https://www.kesselnews.com/ferry">',
            "Kesselnews",
            "Ferry line to reopen in June",
        ),
    ],
    ids=["suffix", "prefix", "sections", "generic", "json-ld", "domain-like"],
)
def test_outlet_is_a_name_and_the_title_loses_the_sites_part(head: str, outlet: str, title: str) -> None:
    article = parse_html(page(head), "page.html")
    assert (article.outlet, article.title) == (outlet, title)


def test_the_author_named_after_the_headline_is_not_part_of_it() -> None:
    head = (
        '<title>Ferry line to reopen in June - Mira Tolland and Ben Okafor</title><meta name="author" '
        'content="Mira Tolland and Ben Okafor"><link rel="canonical" href="https://harbourwire.com/ferry">'
    )
    assert parse_html(page(head), "page.html").title == "Ferry line to reopen in June"


def test_a_headline_holding_a_dash_keeps_it() -> None:
    head = (
        '<title>Lindmark 2 - 1 Kessel after extra time</title><link rel="canonical" href="https://harbourwire.com/a">'
    )
    assert parse_html(page(head), "page.html").title == "Lindmark 2 - 1 Kessel after extra time"


FACT_CHECK = (
    "<title>Fact-check: did the council cut ferry funding?</title>"
    '<link rel="canonical" href="https://www.checkdesk-isles.org/factchecks/2031/nov/18/ferry-funding/">'
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "ClaimReview", '
    '"datePublished": "2031-11-18", "itemReviewed": {"@type": "Claim", "datePublished": "2031-10-02", '
    '"author": {"@type": "Person", "name": "A blogger"}}, "reviewRating": {"ratingValue": 1}}</script>'
)


def test_a_fact_check_has_its_own_date_not_the_date_of_the_claim_it_checks() -> None:
    body = "<p>Published: Monday, November 18th, 2031</p>" + BODY + "<p>The claim was posted on October 2.</p>"
    assert parse_html(page(FACT_CHECK, body), "check.html").published == "2031-11-18"


@pytest.mark.parametrize(
    ("url", "date"),
    [
        ("https://a.com/news/2031/nov/18/ferry/", "2031-11-18"),
        ("https://a.com/2031/11/18/ferry", "2031-11-18"),
        ("https://a.com/2031/POLITICS/11/18/ferry/index.html", "2031-11-18"),
        ("https://a.com/ferry-2031-11-18-story.html", "2031-11-18"),
        ("https://a.com/a/20311118/ferry", "2031-11-18"),
        ("https://a.com/news/2031/11/ferry", None),  # a month is no publication day
        ("https://a.com/2031/13/40/ferry", None),
        ("https://a.com/1999/product-12/3", None),
    ],
)
def test_a_url_states_a_date_only_when_it_has_year_month_and_day(url: str, date: str | None) -> None:
    assert sitemeta.url_date(url) == date


def test_the_urls_day_beats_a_utc_timestamp_a_day_later() -> None:
    meta = sitemeta.PageMeta(dates=["2031-04-07"])  # 23:40 in the outlet's time zone, written in UTC
    assert sitemeta.published(meta, "https://a.com/2031/4/6/ferry", None) == "2031-04-06"
    assert sitemeta.published(meta, "https://a.com/2031/3/1/ferry", None) == "2031-04-07"  # far apart: metadata


def test_trafilaturas_name_made_from_the_domain_gives_way_to_the_domain() -> None:
    head = '<title>Ferry line to reopen in June</title><link rel="canonical" href="https://qz.com.mx/ferry">'
    meta = sitemeta.read(page(head))
    assert sitemeta.outlet(meta, "Qz", "qz.com.mx", "Ferry line to reopen in June") == "qz.com.mx"


def test_a_known_site_gets_its_usual_name_when_the_page_names_it_poorly() -> None:
    meta = sitemeta.read(page("<title>Ferry line to reopen in June</title>"))
    assert sitemeta.outlet(meta, "Nj", "nj.com", "Ferry line to reopen in June") == "NJ.com"


STANDINGS = (
    "<h1>Island league standings after week 9</h1><p>Lindmark stay top.</p><table>"
    + "".join(
        f"<tr><td>{n}</td><td>Club {name}</td><td>{30 - 2 * n}</td><td>{n + 3}</td></tr>"
        for n, name in enumerate(["Lindmark", "Kessel", "Avel", "Ostra", "Feldrin", "Varrow", "Morrow", "Sella"], 1)
    )
    + "</table>"
)


def test_a_table_that_carries_the_report_is_kept_in_the_body() -> None:
    article = parse_html(page("<title>Standings</title>", STANDINGS), "standings.html")
    assert "Club Feldrin" in article.body and "Club Sella" in article.body


def test_a_table_beside_a_full_report_stays_out() -> None:
    prose = BODY * 4
    table = "<table><tr><td>Fares</td><td>12 crowns</td></tr><tr><td>Return</td><td>20 crowns</td></tr></table>"
    article = parse_html(page("<title>Ferry</title>", prose + table), "ferry.html")
    assert "Return" not in article.body
