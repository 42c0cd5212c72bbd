"""Bytes to text, or a clear refusal.

Decisions (each visible to the user, never silent):
- a byte-order mark wins: UTF-8, UTF-16 and UTF-32 with a BOM are decoded without comment;
- UTF-16 without a BOM (every other byte NUL) is decoded, with a warning;
- valid UTF-8 is UTF-8; else a charset the input declares (HTTP header, ``<meta charset>``,
  XML declaration); else Windows-1252 / Latin-1 **with a warning** on the article — the text is
  readable, but accented letters may be wrong, so the user is told which files to check;
- known binary formats (PDF, zip, images, gzip that is not a WARC) and bytes with NULs or many
  control characters are refused as binary with an ``InputError``.
"""

from __future__ import annotations

import codecs
import re
import zlib

from ..errors import InputError

_MAGIC = (
    (b"%PDF", "a PDF document", "convert it to text or HTML first"),
    (b"PK\x03\x04", "a zip archive (or .docx/.epub)", "unpack or convert it to text first"),
    (b"\x89PNG", "a PNG image", None),
    (b"\xff\xd8\xff", "a JPEG image", None),
    (b"GIF8", "a GIF image", None),
    (b"\x7fELF", "an executable", None),
    (b"SQLite format 3", "an SQLite database", None),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_FIX = "storyline reads text, HTML, RSS/Atom, JSON Lines and WARC files"


def is_gzip_warc(data: bytes) -> bool:
    """True when ``data`` is gzip whose first member starts a WARC record."""
    if not data.startswith(b"\x1f\x8b"):
        return False
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 64)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def refuse_binary(data: bytes, source: str) -> None:
    """Raise ``InputError`` when ``data`` is a known binary format."""
    for magic, what, fix in _MAGIC:
        if data.startswith(magic):
            raise InputError(source, f"binary file: {what}, not a report", fix or _FIX)
    if data.startswith(b"\x1f\x8b") and not is_gzip_warc(data):
        raise InputError(source, "gzip-compressed file that is not a WARC", "decompress it first (gunzip)")


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset named by an HTTP Content-Type, else by the document's own head."""
    for raw in ((content_type or "").encode("ascii", "ignore"), data[:2048]):
        m = _DECLARED.search(raw)
        if m:
            name = m.group(1).decode("ascii").lower()
            try:
                return codecs.lookup(name).name
            except LookupError:
                continue
    return None


def decode(data: bytes, source: str, content_type: str | None = None) -> tuple[str, tuple[str, ...]]:
    """``(text, warnings)`` for ``data``; raises ``InputError`` for binary input."""
    refuse_binary(data, source)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), ()
            except UnicodeDecodeError as exc:
                raise InputError(
                    source,
                    f"starts with a {codec} byte-order mark but is not {codec} ({exc.reason})",
                    "re-save the file as UTF-8",
                ) from exc
    sample = data[:8192]
    if b"\x00" in sample:
        utf16 = _bomless_utf16(sample)
        if utf16 is None:
            raise InputError(source, "binary file (contains NUL bytes)", _FIX)
        try:
            return data.decode(utf16), (f"no byte-order mark: decoded as {utf16.upper()}",)
        except UnicodeDecodeError as exc:
            raise InputError(source, "binary file (contains NUL bytes)", _FIX) from exc
    text, warnings = _decode_8bit(data, declared_charset(data, content_type))
    if _looks_binary(text):
        raise InputError(source, "binary file (mostly control characters)", _FIX)
    return text, warnings


def _decode_8bit(data: bytes, declared: str | None) -> tuple[str, tuple[str, ...]]:
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    if declared and declared not in {"utf-8", "ascii"}:
        try:
            return data.decode(declared), ()
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, ("not valid UTF-8: decoded as Windows-1252/Latin-1; check accented letters",)


def _bomless_utf16(sample: bytes) -> str | None:
    even, odd = sample[0::2], sample[1::2]
    if odd and odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even and even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    return bool(sample) and len(_CONTROL.findall(sample)) > 0.02 * len(sample)
