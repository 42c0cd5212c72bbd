"""Bytes to text, or a clear refusal.

Decisions (each visible to the user, never silent):
- a byte-order mark wins: UTF-8, UTF-16 and UTF-32 with a BOM are decoded without comment;
- UTF-16 without a BOM (every other byte NUL) is decoded, with a warning;
- valid UTF-8 is UTF-8; else a charset the input declares (HTTP header, ``<meta charset>``,
  XML declaration) when it is a text encoding that reads every byte (``base64``, ``rot13``,
  ``undefined`` … are ignored); else the text is decoded **per byte run**: what is valid UTF-8
  stays UTF-8, and each invalid run is read as Windows-1252 (Latin-1 for its five unassigned
  bytes), **with a warning** saying how many bytes were repaired — one stray byte never turns a
  UTF-8 file into mojibake, and a whole Windows-1252 file reads as before;
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
    (b"\xfd7zXZ\x00", "an xz-compressed file", "decompress it first"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file", "decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive", "unpack it first"),
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
# Text codecs that do not read a document's bytes as characters: a declaration naming one is ignored.
_NOT_DOCUMENT_CODECS = {"undefined", "idna", "punycode", "unicode_escape", "raw_unicode_escape", "unicode_internal"}
REPAIRED = "not valid UTF-8"  # how the repair warning starts (api.py puts these in the ingest summary)


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
    if data[:3] == b"BZh" and data[4:10] == b"1AY&SY":
        raise InputError(source, "binary file: a bzip2-compressed file, not a report", "decompress it first")
    if data.startswith(b"\x1f\x8b") and not is_gzip_warc(data):
        raise InputError(source, "gzip-compressed file that is not a WARC", "decompress it first (gunzip)")


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset named by an HTTP Content-Type, else by the document's own head."""
    for raw in ((content_type or "").encode("ascii", "ignore"), data[:2048]):
        m = _DECLARED.search(raw)
        if m:
            name = m.group(1).decode("ascii").lower()
            try:
                info = codecs.lookup(name)
            except LookupError:
                continue
            # base64, rot13, hex, zlib, uu … are bytes/str transforms, not character sets
            if getattr(info, "_is_text_encoding", True) and info.name not in _NOT_DOCUMENT_CODECS:
                return info.name
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
        except (UnicodeError, LookupError, ValueError, TypeError):  # a codec may refuse in its own way
            pass
    return repair_utf8(data)


def repair_utf8(data: bytes) -> tuple[str, tuple[str, ...]]:
    """UTF-8 where the bytes are valid UTF-8, Windows-1252 for each invalid run, and a warning."""
    text = data.decode("utf-8", "surrogateescape")  # each invalid byte becomes one U+DC80..U+DCFF
    runs = _ESCAPED.findall(text)
    if not runs:
        return text, ()
    count = sum(len(r) for r in runs)
    first = text.index(runs[0])
    text = _ESCAPED.sub(lambda m: m.group(0).translate(_CP1252), text)
    return text, (
        f"{REPAIRED} ({count:,} byte(s) in {len(runs):,} place(s), first at character {first:,}): "
        "those bytes were read as Windows-1252, the rest as UTF-8; check accented letters",
    )


_ESCAPED = re.compile("[\udc80-\udcff]+")


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: unassigned in Windows-1252
        return chr(byte)


_CP1252 = {0xDC00 + b: _cp1252(b) for b in range(0x80, 0x100)}


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
