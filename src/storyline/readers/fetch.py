"""Fetching URLs safely with httpx; the transport and the resolver are injectable for tests.

Rules, checked for the first URL and for every redirect hop:
- only ``http`` and ``https``;
- unless ``options.allow_private``, the host must resolve only to global addresses (no loopback,
  private, link-local, CGNAT, multicast or reserved ranges), and an IPv6 address must not embed
  an IPv4 address that is not (``::ffff:127.0.0.1``, ``::7f00:1``, ``64:ff9b::7f00:1``,
  ``2002:7f00:1::``, Teredo);
- the body is streamed and refused once it passes ``options.max_bytes`` counted **after** its
  Content-Encoding is undone (httpx decodes gzip/deflate/brotli as it streams; a ``Content-Length``
  over the limit is refused before reading);
- ``options.timeout`` seconds per request; at most ``MAX_REDIRECTS`` redirects.

Known limit: the address is checked before httpx connects, so a DNS answer that changes between
the check and the connection (DNS rebinding) is not caught.

Every failure is an ``InputError`` naming the URL, the reason and a fix.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import InputError
from ..options import Options

MAX_REDIRECTS = 5
Resolver = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str | None


def system_resolver(host: str) -> list[str]:
    """Every address ``host`` resolves to (raises ``OSError`` when it does not resolve)."""
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})


class Fetcher:
    """GETs URLs under the rules above. ``Fetcher(options, transport=httpx.MockTransport(fn))`` in tests."""

    def __init__(
        self,
        options: Options,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.options = options
        self.resolver = resolver or system_resolver
        self.client = httpx.Client(
            transport=transport,
            timeout=options.timeout,
            follow_redirects=False,
            headers={"User-Agent": "storyline/0.1"},
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self, url: str) -> None:
        """Raise ``InputError`` unless ``url`` may be fetched."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            raise InputError(
                url, f"URL scheme {parts.scheme or '(none)'!r} refused", "only http:// and https:// are fetched"
            )
        host = parts.hostname
        if not host:
            raise InputError(url, "URL has no host", "give a full http:// or https:// address")
        if self.options.allow_private:
            return
        try:
            addresses = [host] if _is_ip(host) else self.resolver(host)
        except OSError as exc:
            raise InputError(url, f"unreachable: cannot resolve host {host!r} ({exc})", "check the address") from exc
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if not is_public(ip):
                raise InputError(
                    url,
                    f"host {host!r} resolves to non-public address {ip}",
                    "pass --allow-private (Options.allow_private) to fetch from local or private hosts",
                )

    def get(self, url: str) -> Fetched:
        """The body of ``url`` after redirects; raises ``InputError`` for every failure."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self.check(current)
            try:
                result = self._get_once(current)
            except httpx.TimeoutException as exc:
                raise InputError(
                    url, f"timed out after {self.options.timeout:g}s", "try again or raise timeout (STORYLINE_TIMEOUT)"
                ) from exc
            except httpx.HTTPError as exc:
                raise InputError(
                    url, f"unreachable ({type(exc).__name__}: {exc})", "check the address and the network"
                ) from exc
            if isinstance(result, Fetched):
                return result
            current = result
        raise InputError(url, f"more than {MAX_REDIRECTS} redirects", "pass the final address")

    def _get_once(self, url: str) -> Fetched | str:
        """A ``Fetched``, or the next URL when the answer is a redirect."""
        limit = self.options.max_bytes
        with self.client.stream("GET", url) as resp:
            if resp.is_redirect and "location" in resp.headers:
                return urljoin(url, resp.headers["location"])
            if resp.status_code >= 400:
                raise InputError(url, f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip(), "check the address")
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise InputError(
                    url,
                    f"too large: {int(declared):,} bytes > max_bytes {limit:,}",
                    "raise max_bytes (STORYLINE_MAX_BYTES)",
                )
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise InputError(
                        url, f"too large: over max_bytes {limit:,}", "raise max_bytes (STORYLINE_MAX_BYTES)"
                    )
                chunks.append(chunk)
            return Fetched(url=str(resp.url), content=b"".join(chunks), content_type=resp.headers.get("content-type"))


_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the last 32 bits are an IPv4 address
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: local-use translation
_V4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated IPv4-compatible form (::7f00:1 is 127.0.0.1)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: mapped, 6to4, Teredo, NAT64, IPv4-compatible."""
    out = [v4 for v4 in (ip.ipv4_mapped, ip.sixtofour) if v4 is not None]
    out.extend(ip.teredo or ())
    if ip in _NAT64 or ip in _V4_COMPATIBLE:
        out.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return out


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A global unicast address, and so is every IPv4 address it embeds (``::7f00:1``,
    ``64:ff9b::7f00:1``, ``2002:7f00:1::`` and ``::ffff:127.0.0.1`` all reach 127.0.0.1)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = embedded_ipv4(ip)
        if (ip in _NAT64 or ip.ipv4_mapped is not None) and embedded:  # a translation: the IPv4 side decides
            return all(is_public(v4) for v4 in embedded)
        if ip in _NAT64_LOCAL or (embedded and not all(is_public(v4) for v4 in embedded)):
            return False
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True
