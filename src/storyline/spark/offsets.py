"""Byte offsets for the ``errors`` table: where in its file a bad WARC record or JSON line starts.

The readers name a part of a file by number (``file#3``: the third WARC record, ``file:12``: line
12, ``file[4]``: the fourth item of a JSON array). A job over crawl archives needs the byte
position too, to cut the bad record out or read it again. Errors are few, so the file's bytes are
scanned again for the one named part; the readers are left as they are.

Offsets count bytes of the file as stored:
- WARC: the record's first byte; in a ``.warc.gz``, the first byte of the gzip member holding it
  (where a CC-NEWS index points: decompression starts there). A record that could not be read at
  all starts where the record before it ended.
- JSONL: the line's first byte (JSONL is never compressed: gzip that is not a WARC is refused).
- JSON array: the item's first byte, for UTF-8 files (None in another encoding).
"""

from __future__ import annotations

import codecs
import io
import json
import re

PART = re.compile(r"(#|:|\[)(\d+)\]?$")  # how a reader's label names a record, a line or an item
_WIDE = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def part_of(label: str) -> tuple[str, int] | None:
    """(kind, number) a reader's label names: ``#`` a WARC record, ``:`` a line, ``[`` an array item."""
    m = PART.search(label.split(" (", 1)[0])
    return (m.group(1), int(m.group(2))) if m else None


def byte_offset(data: bytes, kind: str, n: int) -> int | None:
    """The offset in ``data`` of record / line / item ``n`` (counted from 1); None when not found."""
    if kind == "#":
        return warc_record(data, n)
    if kind == ":":
        return jsonl_line(data, n)
    return json_item(data, n)


def warc_record(data: bytes, n: int) -> int | None:
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(io.BytesIO(data))
    k, last = 0, None
    try:
        for _ in it:
            k, last = k + 1, int(it.get_record_offset())
            if k == n:
                return last
    except Exception:  # warcio reports damage as assorted errors; its offset is the damaged record's
        return int(it.offset) if k + 1 == n else None
    # the WARC reader names a record whose headers parse but whose body does not as the next one
    # (``file#n+1``): that record is the last one found here
    return last if k + 1 == n else None


def jsonl_line(data: bytes, n: int) -> int | None:
    """Lines end at ``\\n`` only, as the JSONL reader splits them."""
    for bom, codec in _WIDE:
        if data.startswith(bom):
            return _wide_line(data, len(bom), codec, n)
    if len(data) > 1 and data[1:2] == b"\x00" and data[0:1] != b"\x00":  # UTF-16 without a BOM
        return _wide_line(data, 0, "utf-16-le", n)
    start = 0
    for _ in range(n - 1):  # in UTF-8 and every one-byte text encoding, byte 0x0A is the newline
        found = data.find(b"\n", start)
        if found < 0:
            return None
        start = found + 1
    return start


def _wide_line(data: bytes, start: int, codec: str, n: int) -> int | None:
    newline = "\n".encode(codec)
    width = len(newline)
    pos = start
    for _ in range(n - 1):
        found = data.find(newline, pos)
        while found >= 0 and (found - start) % width:  # only whole code units
            found = data.find(newline, found + 1)
        if found < 0:
            return None
        pos = found + width
    return pos


def json_item(data: bytes, n: int) -> int | None:
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1 if "[" in text else len(text)
    for k in range(1, n + 1):
        while pos < len(text) and (text[pos].isspace() or text[pos] == ","):
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return None
        if k == n:
            return bom + len(text[:pos].encode("utf-8"))
        try:
            _, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            return None
    return None
