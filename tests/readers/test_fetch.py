"""URL ingest through an injected httpx.MockTransport: no network in these tests (pages fictional)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from ingest_helpers import PAGE, RSS, articles, errors, public_resolver, read_all

from storyline.errors import InputError
from storyline.options import Options
from storyline.readers import Fetcher

Make = Callable[..., Fetcher]
URL = "https://gazette.example/2021/ferry-line"


def test_url_page_is_fetched_and_extracted(mock_fetcher: Make) -> None:
    fetcher = mock_fetcher({URL: httpx.Response(200, html=PAGE)})
    [article] = read_all([URL], fetcher=fetcher)
    assert not isinstance(article, InputError)
    assert (article.source, article.url, article.format) == (URL, URL, "html")
    assert article.body.startswith("The harbor council voted")


def test_url_feed_is_detected_from_content(mock_fetcher: Make) -> None:
    fetcher = mock_fetcher({"https://gazette.example/feed": httpx.Response(200, text=RSS)})
    items = read_all(["https://gazette.example/feed"], fetcher=fetcher)
    assert [a.format for a in articles(items)] == ["feed", "feed"]


def test_a_bare_transport_is_accepted_as_the_fetcher() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, html=PAGE))
    [article] = read_all(["http://93.184.216.34/ferry"], fetcher=transport)
    assert not isinstance(article, InputError)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://gazette.example/ferry.txt", "scheme 'ftp' refused"),
        ("file:///etc/passwd", "scheme 'file' refused"),
        ("http://127.0.0.1/admin", "non-public address 127.0.0.1"),
        ("http://localhost:8080/", "non-public address 127.0.0.1"),
        ("http://intranet.example/news", "non-public address 10.1.2.3"),
        ("http://meta.example/latest", "non-public address 169.254.169.254"),
        ("http://[::1]/", "non-public address ::1"),
        ("http://192.168.1.20/", "non-public address 192.168.1.20"),
        # IPv6 forms that carry 127.0.0.1 (#20 item 8)
        ("http://[::7f00:1]/", "non-public address ::7f00:1"),
        ("http://[64:ff9b::7f00:1]/", "non-public address 64:ff9b::7f00:1"),
        ("http://[2002:7f00:1::]/", "non-public address 2002:7f00:1::"),
        ("http://[::ffff:127.0.0.1]/", "non-public address ::ffff:7f00:1"),
        ("http://[::ffff:10.0.0.1]/", "non-public address ::ffff:a00:1"),
        ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "non-public address 2001:0:4136:e378:8000:63bf:80ff:fffe"),
        ("http://[64:ff9b:1::a00:1]/", "non-public address 64:ff9b:1::a00:1"),
    ],
)
def test_unsafe_urls_are_refused_before_any_request(url: str, reason: str) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, html=PAGE)

    fetcher = Fetcher(Options(), transport=httpx.MockTransport(handler), resolver=public_resolver)
    [error] = read_all([url], fetcher=fetcher)
    fetcher.close()
    assert isinstance(error, InputError)
    assert error.source == url and reason in error.reason
    assert requests == []


def test_allow_private_lets_local_hosts_through(mock_fetcher: Make) -> None:
    fetcher = mock_fetcher({"http://localhost:8080/ferry": httpx.Response(200, html=PAGE)}, allow_private=True)
    assert len(articles(read_all(["http://localhost:8080/ferry"], fetcher=fetcher))) == 1


def test_redirect_to_a_private_host_is_refused(mock_fetcher: Make) -> None:
    fetcher = mock_fetcher({URL: httpx.Response(302, headers={"location": "http://10.0.0.5/secret"})})
    [error] = read_all([URL], fetcher=fetcher)
    assert isinstance(error, InputError) and "non-public address 10.0.0.5" in error.reason


def test_redirect_to_a_public_page_is_followed(mock_fetcher: Make) -> None:
    fetcher = mock_fetcher(
        {
            "https://gazette.example/short": httpx.Response(301, headers={"location": URL}),
            URL: httpx.Response(200, html=PAGE),
        }
    )
    [article] = read_all(["https://gazette.example/short"], fetcher=fetcher)
    assert not isinstance(article, InputError) and article.url == URL


def test_response_over_max_bytes_is_refused(mock_fetcher: Make) -> None:
    fetcher = mock_fetcher({URL: httpx.Response(200, html=PAGE)}, max_bytes=500)
    [error] = read_all([URL], fetcher=fetcher)
    assert isinstance(error, InputError) and "too large" in error.reason


def test_streamed_response_without_length_is_cut_at_max_bytes(mock_fetcher: Make) -> None:
    body = httpx.ByteStream(PAGE.encode() * 10)
    fetcher = mock_fetcher({URL: httpx.Response(200, stream=body)}, max_bytes=2000)
    [error] = read_all([URL], fetcher=fetcher)
    assert isinstance(error, InputError) and "over max_bytes" in error.reason


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (httpx.ConnectError("connection refused"), "unreachable"),
        (httpx.ReadTimeout("slow"), "timed out"),
        (httpx.Response(404), "HTTP 404"),
        (httpx.Response(503), "HTTP 503"),
    ],
)
def test_unreachable_url_is_an_input_error(mock_fetcher: Make, answer: object, reason: str) -> None:
    fetcher = mock_fetcher({URL: answer})
    [error] = read_all([URL], fetcher=fetcher)
    assert isinstance(error, InputError) and error.source == URL and reason in error.reason
    assert "\n" not in str(error)


def test_unresolvable_host_is_unreachable() -> None:
    def no_dns(host: str) -> list[str]:
        raise OSError("Name or service not known")

    fetcher = Fetcher(Options(), transport=httpx.MockTransport(lambda r: httpx.Response(200)), resolver=no_dns)
    [error] = read_all(["https://nowhere.example/"], fetcher=fetcher)
    fetcher.close()
    assert isinstance(error, InputError) and "cannot resolve" in error.reason


def test_good_url_after_a_bad_one_is_still_read(mock_fetcher: Make) -> None:
    fetcher = mock_fetcher({URL: httpx.Response(200, html=PAGE)})
    items = read_all(["http://127.0.0.1/", URL], fetcher=fetcher)
    assert len(errors(items)) == 1 and len(articles(items)) == 1


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("2002:808:808::", True),  # 6to4 of a public address
        ("64:ff9b::808:808", True),  # NAT64 of a public address
        ("::ffff:8.8.8.8", True),
        ("2606:4700::1111", True),
        ("::7f00:1", False),
        ("::", False),
        ("fe80::1", False),
        ("ff02::1", False),
        ("100.64.0.1", False),
    ],
)
def test_public_means_global_and_every_embedded_ipv4_global(address: str, public: bool) -> None:
    import ipaddress

    from storyline.readers.fetch import is_public

    assert is_public(ipaddress.ip_address(address)) is public
