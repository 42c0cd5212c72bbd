"""Web security (issue #20): binding rules, the Host check (DNS rebinding), the Origin check on
writes, the token, NUL and overflow in query parameters, and XSS payloads in every field a page shows.

Every article text here is fictional, written for these tests.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner
from fastapi import FastAPI

from storyline.cli import main
from storyline.errors import UsageError
from storyline.options import Options
from storyline.records import Article, Facts, Figure, Mention, Quote
from storyline.store.sqlite import SQLiteStore
from storyline.web import create_app
from storyline.web.guard import bearer, binds_loopback, check_bind, host_allowed, same_origin, write_refusal

Serve = Callable[[FastAPI], str]
_post = partial(httpx.post, timeout=60)  # the first ingest loads the language model: slow on a loaded box
_get = partial(httpx.get, timeout=60)
NOTE = "A fictional note for the security tests: the Avel ferry council met on Monday, its clerk said."

# ---- binding rules ---------------------------------------------------------------------------

PUBLIC_BINDS = ["0", "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "::0", "192.0.2.7", "::ffff:0.0.0.0", "2001:db8::1"]
LOOPBACK_BINDS = ["", "   ", None, "127.0.0.1", "127.1", "127.0.0.2", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"]


@pytest.mark.parametrize("host", PUBLIC_BINDS)
def test_every_non_loopback_bind_needs_a_token(host: str) -> None:
    assert not binds_loopback(host)
    with pytest.raises(UsageError, match="token"):
        check_bind(host, None)
    assert check_bind(host, "s3cret") == host.strip("[]")


@pytest.mark.parametrize("host", LOOPBACK_BINDS)
def test_loopback_binds_need_no_token_and_empty_binds_loopback(host: str | None) -> None:
    address = check_bind(host, None)
    assert binds_loopback(address)
    if not (host or "").strip():
        assert address == "127.0.0.1"


@pytest.mark.parametrize("host", ["", "0", "::", "0.0.0.0"])
def test_serve_with_an_empty_or_wildcard_host_never_listens_everywhere_without_a_token(
    tmp_path: Path, host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bound: list[str] = []
    monkeypatch.setattr("uvicorn.run", lambda app, host, **kw: bound.append(host))
    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "serve", "--create", "--host", host])
    if host:
        assert result.exit_code == 2 and "token" in result.output and bound == []
        assert not (tmp_path / "x.db").exists()  # refused before the store is created
    else:
        assert result.exit_code == 0, result.output
        assert bound == ["127.0.0.1"]


# ---- the Host header -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host,ok",
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("LOCALHOST:8000", True),
        ("app.localhost:8000", True),
        ("[::1]:8000", True),
        ("127.0.0.1:8001", False),  # another port
        ("127.0.0.1", False),  # port 80 implied
        ("evil.example:8000", False),  # a rebound name
        ("localhost.evil.example:8000", False),
        ("127.0.0.1.nip.io:8000", False),
        ("", False),
        ("[::1:8000", False),
        ("::1:8000", False),
        ("localhost:80x", False),
    ],
)
def test_host_header_rules(host: str, ok: bool) -> None:
    assert host_allowed(host, "http", 8000) is ok


def test_a_rebound_host_name_can_neither_read_nor_write_a_server_without_a_token(
    serve: Serve, fictional_db: str
) -> None:
    base = serve(create_app(Options(db=fictional_db, extract=False, cluster=False)))
    port = httpx.URL(base).port
    assert _get(f"{base}/api/stories").status_code == 200
    assert _get(f"http://localhost:{port}/api/stories").status_code == 200
    rebound = {"Host": f"attacker.example:{port}", "Origin": f"http://attacker.example:{port}"}
    for path in ["/api/stories", "/", "/stories/story-1", "/articles/art-a", "/api/articles"]:
        response = _get(base + path, headers=rebound)
        assert response.status_code == 403, path
        assert "Avel" not in response.text
        assert response.headers["x-frame-options"] == "DENY"
    write = _post(f"{base}/api/ingest", json={"kind": "text", "content": NOTE}, headers=rebound)
    assert write.status_code == 403
    with SQLiteStore(fictional_db) as store:
        assert store.count_articles() == 2


def test_a_server_with_a_token_answers_any_host_name_but_writes_need_the_token(serve: Serve, fictional_db: str) -> None:
    base = serve(create_app(Options(db=fictional_db, token="s3cret", extract=False, cluster=False), host="0.0.0.0"))
    named = {"Host": "storyline.example:8080"}
    assert _get(f"{base}/api/stories", headers=named).status_code == 200
    body = {"kind": "text", "content": NOTE}
    assert _post(f"{base}/api/ingest", json=body, headers=named).status_code == 401


# ---- writes: Origin, Sec-Fetch-Site, content type, token ---------------------------------------


def _headers(**values: str) -> dict[str, str]:
    return {"host": "127.0.0.1:8000", **{k.replace("_", "-"): v for k, v in values.items()}}


@pytest.mark.parametrize(
    "headers,api,status",
    [
        (_headers(origin="http://127.0.0.1:8000"), False, None),
        (_headers(origin="https://127.0.0.1:8000"), False, 403),  # scheme differs
        (_headers(origin="http://127.0.0.1:8001"), False, 403),  # port differs
        (_headers(origin="http://127.0.0.1"), False, 403),
        (_headers(origin="http://evil.example"), False, 403),
        (_headers(origin="http://127.0.0.1:8000.evil.example"), False, 403),
        (_headers(origin="null"), False, 403),
        (_headers(origin="null", sec_fetch_site="same-origin"), False, None),
        (_headers(), False, 403),  # a form post without Origin: not shown to come from our pages
        (_headers(sec_fetch_site="same-origin"), False, None),
        (_headers(sec_fetch_site="cross-site", content_type="application/json"), True, 403),
        (_headers(content_type="application/json"), True, None),  # needs a CORS preflight from a browser
        (_headers(content_type="text/plain"), True, 403),  # a "simple" request a foreign page can send
        (_headers(content_type="application/x-www-form-urlencoded"), True, 403),
        (_headers(), True, 403),
    ],
)
def test_write_rules_without_a_token(headers: dict[str, str], api: bool, status: int | None) -> None:
    refusal = write_refusal(headers, "http", None, api=api)
    assert (refusal[0] if refusal else None) == status


def test_write_rules_with_a_token() -> None:
    assert write_refusal(_headers(authorization="Bearer s3cret"), "http", "s3cret") is None
    assert write_refusal(_headers(authorization="bearer s3cret"), "http", "s3cret") is None
    assert write_refusal(_headers(authorization="BEARER  s3cret "), "http", "s3cret") is None
    assert write_refusal(_headers(x_storyline_token="s3cret"), "http", "s3cret") is None
    assert write_refusal(_headers(), "http", "s3cret", form_token="s3cret") is None
    for wrong in [_headers(), _headers(authorization="Bearer s3cre"), _headers(authorization="Basic s3cret")]:
        refusal = write_refusal(wrong, "http", "s3cret")
        assert refusal is not None and refusal[0] == 401
    foreign = _headers(authorization="Bearer s3cret", origin="http://evil.example")
    assert write_refusal(foreign, "http", "s3cret") is not None
    assert bearer({"authorization": "Token s3cret"}) == ""


def test_same_origin_compares_scheme_host_and_port() -> None:
    assert same_origin("http://localhost:8000", "localhost:8000", "http")
    assert same_origin("http://LOCALHOST:8000", "localhost:8000", "http")
    assert same_origin("http://example.org", "example.org:80", "http")
    assert not same_origin("https://example.org", "example.org", "http")
    assert not same_origin("http://example.org/x", "example.org", "http")
    assert not same_origin("http://example.org:99999", "example.org", "http")
    assert not same_origin("http://user@example.org", "other.org", "http")


def test_lowercase_bearer_is_accepted_by_the_server(serve: Serve, fictional_db: str) -> None:
    base = serve(create_app(Options(db=fictional_db, token="s3cret", extract=False, cluster=False), host="0.0.0.0"))
    body = {"stories": ["story-1", "story-1"]}
    for scheme in ["Bearer", "bearer", "BEARER"]:
        response = _post(f"{base}/api/stories/merge", json=body, headers={"Authorization": f"{scheme} s3cret"})
        assert response.status_code not in {401, 403}, scheme


def test_a_form_post_without_origin_or_token_is_refused_and_stores_nothing(serve: Serve, tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    base = serve(create_app(Options(db=db, extract=False, cluster=False)))
    bare = _post(f"{base}/add", data={"text": NOTE})
    assert bare.status_code == 403 and "Origin" in bare.text
    payload = b'{"kind":"text","content":"x"}'
    plain = _post(f"{base}/api/ingest", content=payload, headers={"content-type": "text/plain"})
    assert plain.status_code == 403
    ours = _post(f"{base}/add", data={"text": NOTE}, headers={"Origin": base})
    assert ours.status_code == 201
    with SQLiteStore(db) as store:
        assert store.count_articles() == 1


# ---- query parameters that used to answer 500 --------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories?q=%00",
        "/api/articles?outlet=%00",
        "/api/articles?q=a%00b",
        "/search?q=%00",
        "/search?outlet=%00",
        "/api/articles?offset=9223372036854775808",
        "/api/stories?offset=9223372036854775808",
        "/api/articles?offset=99999999999999999999999999",
        "/stories/%00",
        "/api/entities/%00",
    ],
)
def test_nul_and_huge_offsets_are_422_not_500(serve: Serve, fictional_db: str, path: str) -> None:
    base = serve(create_app(Options(db=fictional_db, extract=False, cluster=False)))
    assert _get(base + path).status_code == 422


# ---- XSS: a payload in every field that reaches a page or a report ------------------------------


def payload(field: str) -> str:
    """Markup that would run if it reached a page unescaped; ``field`` marks where it came from."""
    return f"XSS{field}<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class _Scan(HTMLParser):
    """Everything in a page that could run script: inline scripts, on* attributes, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._inline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self._inline = not values.get("src")
            src = (values.get("src") or "").strip()
            if src and not src.startswith("/"):
                self.found.append(f"script from {src}")
        if tag in {"iframe", "object", "embed", "base", "frame"}:
            self.found.append(f"<{tag}>")
        if tag == "img" and not (values.get("src") or "").startswith(("/", "data:image/")):
            self.found.append(f"<img src={values.get('src')}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            scheme = (value or "").strip().lower()
            if name in URL_ATTRIBUTES and scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.found.append(f"{tag} {name}={scheme[:30]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inline = False

    def handle_data(self, data: str) -> None:
        if self._inline and data.strip():
            self.found.append(f"inline script {data.strip()[:30]}")


def runnable(html: str) -> list[str]:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.found


def _payload_store(path: str) -> tuple[str, str]:
    """One story of two articles whose every shown field holds a payload; (story id, entity key)."""
    speaker, figure, quote = payload("SPEAKER"), "1,200 " + payload("FIGURE"), payload("QUOTE")
    bodies = [
        f"{speaker} said “{quote}” on Monday. Officials counted {figure} at the harbour of Port Avel.",
        f"At Port Avel, {speaker} said “{quote}” again. Police counted {figure} people on Monday.",
    ]
    key = "xss-speaker"
    with SQLiteStore(path) as store:
        for n, body in enumerate(bodies):
            aid = f"art-{n}"
            article = Article(
                id=aid,
                body=body,
                outlet=payload(f"OUTLET{n}"),
                published=f"2031-05-0{n + 6}",
                title=payload(f"TITLE{n}"),
                dateline=payload("DATELINE"),
                author=payload("AUTHOR"),
                captions=(payload("CAPTION"),),
                source=payload("") + "XSSFILENAME.txt",  # pages show the part after the last /
                url=None if n else "javascript:alert(1)//" + payload("URL"),  # the second shows its file name
                content_hash=f"hash-{n}",
            )
            store.add_article(article)
            qs = body.index(quote)
            ss = body.index(speaker)
            fs = body.index(figure)
            facts = Facts(
                article=aid,
                mentions=(Mention(aid, ss, ss + len(speaker), speaker, "PERSON", key, speaker),),
                quotes=(
                    Quote(
                        f"q{n}",
                        aid,
                        qs,
                        qs + len(quote),
                        quote,
                        True,
                        payload("CUE"),
                        speaker,
                        ss,
                        ss + len(speaker),
                        key,
                    ),
                ),
                figures=(
                    Figure(
                        f"f{n}", aid, fs, fs + len(figure), figure, 1200.0, unit=payload("UNIT"), place=payload("PLACE")
                    ),
                ),
            )
            store.put_facts(facts, "test")
        store.ensure_story("story-x", payload("STORYTITLE"), "test")
        store.set_story("art-0", "story-x", 1.0, {})
        store.set_story("art-1", "story-x", 0.9, {})
    return "story-x", key


def test_no_payload_runs_in_any_page_and_every_field_reaches_one(serve: Serve, tmp_path: Path) -> None:
    db = str(tmp_path / "xss.db")
    story_id, key = _payload_store(db)
    base = serve(create_app(Options(db=db, extract=False, cluster=False)))
    quoted = quote(payload("SEARCH"), safe="")
    paths = [
        "/",
        f"/stories/{story_id}",
        "/articles/art-0",
        "/articles/art-1",
        f"/entities/{key}",
        f"/search?q={quoted}&outlet={quoted}",
        "/search?q=XSSQUOTE",
        f"/stories/{quote(payload('PATH'), safe='')}",  # the 404 page repeats the path
    ]
    pages = {}
    for path in paths:
        response = _get(base + path)
        assert response.status_code in {200, 404}, path
        assert runnable(response.text) == [], path
        pages[path] = response.text
    shown = " ".join(pages.values())
    fields = ["TITLE0", "TITLE1", "OUTLET0", "OUTLET1", "SPEAKER", "QUOTE", "FIGURE", "FILENAME", "STORYTITLE"]
    assert [f for f in fields if f"XSS{f}" not in shown] == []
    assert "&lt;script&gt;" in shown  # shown as text, not dropped


def test_no_payload_runs_in_the_reports(tmp_path: Path) -> None:
    from storyline import api
    from storyline.present import render_report

    db = str(tmp_path / "xss.db")
    story_id, _ = _payload_store(db)
    with SQLiteStore(db) as store:
        story = api.story(store, story_id, Options(db=db, extract=False, cluster=False))
    html = render_report(story, "html")
    assert runnable(html) == []
    assert "XSSTITLE0" in html and "XSSQUOTE" in html and "XSSSPEAKER" in html
    md = render_report(story, "md")
    assert re.search(r"(?<!\\)<(script|img|svg)", md, re.IGNORECASE) is None  # markup comes escaped (\<)
    assert "](javascript:" not in md.lower()
    assert "XSSQUOTE" in md


def test_an_uploaded_file_name_with_markup_is_shown_harmless(serve: Serve, tmp_path: Path) -> None:
    base = serve(create_app(Options(db=str(tmp_path / "up.db"), extract=False, cluster=False)))
    name = '"><img src=x onerror=alert(1)>XSSFILE.txt'
    response = _post(f"{base}/add", files=[("files", (name, NOTE.encode(), "text/plain"))], headers={"Origin": base})
    assert response.status_code == 201
    assert runnable(response.text) == []
    bad = _post(f"{base}/add", files=[("files", (name, b"\x00\x01" * 40, "text/plain"))], headers={"Origin": base})
    assert runnable(bad.text) == [] and "XSSFILE" in bad.text


# ---- SSRF: address forms through the web's URL ingest ------------------------------------------

LOOPBACK_FORMS = [
    "http://127.0.0.1:{port}/",
    "http://127.1:{port}/",
    "http://0:{port}/",
    "http://0.0.0.0:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f000001:{port}/",
    "http://0177.0.0.1:{port}/",
    "http://localhost:{port}/",
    "http://localhost.:{port}/",
    "http://[::1]:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://[::ffff:7f00:1]:{port}/",
    "http://10.0.0.1:{port}/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]:{port}/",
    "http://100.64.0.1:{port}/",
    "http://user@127.0.0.1:{port}/",
]
EMBEDDED_V4 = [  # issue #20 item 8: IPv6 forms embedding 127.0.0.1 (they used to pass the check as public)
    "http://[::7f00:1]:{port}/",
    "http://[64:ff9b::7f00:1]:{port}/",
    "http://[2002:7f00:1::]:{port}/",
]


@pytest.fixture
def target() -> Iterator[tuple[int, list[str]]]:
    """A loopback HTTP server that records every request it gets: (port, paths hit)."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = f"<html><head><title>Inside</title></head><body><p>{NOTE}</p></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()
    thread.join(5)


def _refused(base: str, url: str) -> None:
    api = _post(f"{base}/api/ingest", json={"kind": "url", "url": url})
    assert api.status_code == 422, (url, api.text)
    form = _post(f"{base}/add", data={"url": url}, headers={"Origin": base})
    assert form.status_code == 422, (url, form.text)


@pytest.mark.parametrize("form", LOOPBACK_FORMS)
def test_url_ingest_refuses_every_loopback_and_private_form(
    serve: Serve, tmp_path: Path, target: tuple[int, list[str]], form: str
) -> None:
    port, hits = target
    db = str(tmp_path / "ssrf.db")
    base = serve(create_app(Options(db=db, extract=False, cluster=False)))
    _refused(base, form.format(port=port))
    assert hits == []
    with SQLiteStore(db) as store:
        assert store.count_articles() == 0


@pytest.mark.parametrize("form", EMBEDDED_V4)
def test_the_fetch_check_refuses_ipv6_forms_that_embed_loopback(form: str) -> None:
    """The check URL ingest runs before any connection (checked directly: a refused form never connects)."""
    from storyline.errors import InputError
    from storyline.readers.fetch import Fetcher

    with Fetcher(Options(extract=False)) as fetcher, pytest.raises(InputError, match="non-public"):
        fetcher.check(form.format(port=9))
