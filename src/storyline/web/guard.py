"""Who may reach the app and who may write to the store (issue #20, items 2, 3 and 8).

- Binding: an empty host means loopback and binds 127.0.0.1; any address that is not loopback once
  resolved (``0``, ``0.0.0.0``, ``::``, a name, a LAN address) needs a write token.
- Host header: a server without a token answers only requests whose Host is a loopback name or
  address with the server's own port, so a page that rebinds its DNS name to 127.0.0.1 gets 403.
- Writes: with a token, the token (``Authorization: Bearer`` in any case, ``X-Storyline-Token``, or a
  form field). Without one, the request must show it is not a cross-site browser request: an
  ``Origin`` equal to ours (scheme, host and port), or ``Sec-Fetch-Site: same-origin``, or, for
  /api, ``Content-Type: application/json`` (a browser sends that cross-origin only after a CORS
  preflight, which this server never grants). A foreign ``Origin`` is refused even with the token.
- A NUL character in the path or query is refused with 422 before any view runs.
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from fastapi.responses import JSONResponse

from ..errors import UsageError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_PORTS = {"http": 80, "https": 443}


def bind_address(host: str | None) -> str:
    """The address to bind: empty (or unset) is loopback; IPv6 brackets are dropped."""
    host = (host or "").strip()
    if not host:
        return "127.0.0.1"
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def is_loopback_ip(text: str) -> bool:
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def binds_loopback(host: str | None) -> bool:
    """True when every address ``host`` resolves to for binding is loopback (``0`` is 0.0.0.0)."""
    address = bind_address(host)
    try:
        infos = socket.getaddrinfo(address, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError):
        return False
    return bool(infos) and all(is_loopback_ip(str(info[4][0])) for info in infos)


def check_bind(host: str | None, token: str | None) -> str:
    """The address to bind, or UsageError when it is not loopback and no token is set."""
    address = bind_address(host)
    if not token and not binds_loopback(address):
        raise UsageError(
            f"serving on {address!r} (not loopback) needs a write token: pass --token or set STORYLINE_TOKEN"
        )
    return address


def split_host(value: str, scheme: str) -> tuple[str, int] | None:
    """``Host`` header -> (lowercased name without brackets, port); None when malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        name, sep, rest = value[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            return None
        port_text = rest[1:]
    else:
        name, _, port_text = value.partition(":")
        if ":" in port_text:
            return None
    if not name:
        return None
    if not port_text:
        return name.rstrip("."), DEFAULT_PORTS.get(scheme, 80)
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return None
    return name.rstrip("."), int(port_text)


def is_loopback_name(name: str) -> bool:
    """localhost, a name under .localhost (browsers resolve those to loopback themselves), or a loopback IP."""
    return name == "localhost" or name.endswith(".localhost") or is_loopback_ip(name)


def host_allowed(host_header: str, scheme: str, server_port: int | None) -> bool:
    parsed = split_host(host_header, scheme)
    if parsed is None:
        return False
    name, port = parsed
    return is_loopback_name(name) and (server_port is None or port == server_port)


def bearer(headers: Mapping[str, str]) -> str:
    """The token a request carries in ``Authorization: Bearer …`` (scheme in any case) or ``X-Storyline-Token``."""
    parts = headers.get("authorization", "").split(None, 1)
    if len(parts) == 2 and parts[0].lower() == "bearer":
        return parts[1].strip()
    return headers.get("x-storyline-token", "").strip()


def same_origin(origin: str, host_header: str, scheme: str) -> bool:
    """``Origin`` names this server: same scheme, host and port as the request."""
    try:
        parts = urlsplit(origin.strip())
        origin_port = parts.port
    except ValueError:
        return False
    if parts.scheme.lower() != scheme or not parts.hostname or parts.path or parts.query:
        return False
    ours = split_host(host_header, scheme)
    port = origin_port if origin_port is not None else DEFAULT_PORTS.get(scheme, 80)
    return ours is not None and ours == (parts.hostname.rstrip("."), port)


def write_refusal(
    headers: Mapping[str, str], scheme: str, token: str | None, form_token: str = "", api: bool = False
) -> tuple[int, str] | None:
    """Why a write request is refused, as (status, detail); None when it is allowed."""
    if token:
        given = bearer(headers) or form_token
        if not hmac.compare_digest(given.encode(), token.encode()):
            return 401, "a write token is required: send 'Authorization: Bearer <token>'"
    origin = headers.get("origin")
    fetch_site = headers.get("sec-fetch-site", "").lower()
    host = headers.get("host", "")
    if origin is not None:
        if origin.strip() == "null":
            if fetch_site == "same-origin":
                return None  # an opaque origin the browser itself says is ours
            return 403, "cross-origin write from an opaque origin ('null') refused"
        if not same_origin(origin, host, scheme):
            return 403, f"cross-origin write from {origin[:200]} refused"
        return None
    if fetch_site and fetch_site not in {"same-origin", "none"}:
        return 403, f"cross-site write refused (Sec-Fetch-Site: {fetch_site[:40]})"
    if token or fetch_site == "same-origin":
        return None
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if api and content_type == "application/json":
        return None
    where = "send 'Content-Type: application/json', or " if api else ""
    return 403, f"a write without a token must show it is not cross-site: {where}send an Origin naming this server"


class HostCheck:
    """ASGI middleware: on a server without a token, only loopback Host values with our port; no NUL in the URL."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_query = scope.get("query_string", b"")
        if "\x00" in scope.get("path", "") or b"\x00" in unquote_to_bytes(raw_query.replace(b"+", b" ")):
            await _refuse(scope, send, 422, "invalid request", "a NUL character in the URL is refused")
            return
        if not self.token:
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
            server = scope.get("server")
            port = server[1] if server and server[1] is not None else None
            if not host_allowed(headers.get("host", ""), scope.get("scheme", "http"), port):
                detail = (
                    "this server answers only loopback host names (localhost, 127.0.0.1, [::1]) with its own "
                    "port; serving under another name needs a write token (--token)"
                )
                await _refuse(scope, send, 403, "host refused", detail)
                return
        await self.app(scope, receive, send)


async def _refuse(scope: Scope, send: Send, status: int, title: str, detail: str) -> None:
    response = JSONResponse({"error": title, "detail": detail}, status_code=status)
    await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
