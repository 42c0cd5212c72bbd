"""Web security (issue #20): binding rules, the Host check (DNS rebinding), the Origin check on
writes, the token, NUL and overflow in query parameters, and XSS payloads in every field a page shows.

Every article text here is fictional, written for these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi import FastAPI

from storyline.cli import main
from storyline.errors import UsageError
from storyline.options import Options
from storyline.store.sqlite import SQLiteStore
from storyline.web import create_app
from storyline.web.guard import bearer, binds_loopback, check_bind, host_allowed, same_origin, write_refusal

Serve = Callable[[FastAPI], str]
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
    assert httpx.get(f"{base}/api/stories").status_code == 200
    assert httpx.get(f"http://localhost:{port}/api/stories").status_code == 200
    rebound = {"Host": f"attacker.example:{port}", "Origin": f"http://attacker.example:{port}"}
    for path in ["/api/stories", "/", "/stories/story-1", "/articles/art-a", "/api/articles"]:
        response = httpx.get(base + path, headers=rebound)
        assert response.status_code == 403, path
        assert "Avel" not in response.text
        assert response.headers["x-frame-options"] == "DENY"
    write = httpx.post(f"{base}/api/ingest", json={"kind": "text", "content": NOTE}, headers=rebound)
    assert write.status_code == 403
    with SQLiteStore(fictional_db) as store:
        assert store.count_articles() == 2


def test_a_server_with_a_token_answers_any_host_name_but_writes_need_the_token(serve: Serve, fictional_db: str) -> None:
    base = serve(create_app(Options(db=fictional_db, token="s3cret", extract=False, cluster=False), host="0.0.0.0"))
    named = {"Host": "storyline.example:8080"}
    assert httpx.get(f"{base}/api/stories", headers=named).status_code == 200
    body = {"kind": "text", "content": NOTE}
    assert httpx.post(f"{base}/api/ingest", json=body, headers=named).status_code == 401


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
        response = httpx.post(f"{base}/api/stories/merge", json=body, headers={"Authorization": f"{scheme} s3cret"})
        assert response.status_code not in {401, 403}, scheme


def test_a_form_post_without_origin_or_token_is_refused_and_stores_nothing(serve: Serve, tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    base = serve(create_app(Options(db=db, extract=False, cluster=False)))
    bare = httpx.post(f"{base}/add", data={"text": NOTE})
    assert bare.status_code == 403 and "Origin" in bare.text
    payload = b'{"kind":"text","content":"x"}'
    plain = httpx.post(f"{base}/api/ingest", content=payload, headers={"content-type": "text/plain"})
    assert plain.status_code == 403
    ours = httpx.post(f"{base}/add", data={"text": NOTE}, headers={"Origin": base})
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
    assert httpx.get(base + path).status_code == 422
