"""A generator of bad inputs for every reader (#20): text, HTML, feeds, JSONL, WARC, compressed
files, encodings, dates, numbers and file-system oddities.

``cases(full=False)`` gives each case as ``Case(name, kind, data)``: ``data`` is the file's bytes,
or for ``kind == "fs"`` a function that makes the oddity under a folder. ``full=True`` adds the
large ones (megabytes of punctuation, decompression bombs, a 20 MB body) that
scripts/fuzz_ingest.py runs one per process under a CPU and memory limit; the fast slice in
tests/fuzz runs the small ones in one batch.

Every text here is synthetic or fictional, written for this generator.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

SENTENCE = "The fictional council of Northbrook approved bridge {n} on Monday, Mayor Ana Ruiz said."
WORDS = ["council", "bridge", "ferry", "harbour", "mayor", "vote", "budget", "said", "Monday", "officials", "report"]


@dataclass(frozen=True)
class Case:
    name: str  # the file name (its suffix is a format hint)
    kind: str  # text, html, feed, jsonl, warc, compressed, encoding, date, number, fs, pathological
    data: bytes | Callable[[Path], None]


def good_files(n: int = 3) -> dict[str, bytes]:
    """Good reports to put beside the bad ones: each must be stored whatever its neighbours do."""
    return {
        f"good{k}.txt": f"title Fictional bridge {k}\ndate 2031-03-0{k + 1}\n\n{SENTENCE.format(n=900 + k)}\n".encode()
        for k in range(n)
    }


def _page(body: bytes, head: bytes = b"") -> bytes:
    return (
        b"<html><head>"
        + head
        + b"<title>Roads</title></head><body><article><p>"
        + body
        + b"</p></article></body></html>"
    )


def _rss(items: bytes, decl: bytes = b'<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return decl + b'<rss version="2.0"><channel><title>Fictional Post</title>' + items + b"</channel></rss>"


def _item(pub: bytes = b"Mon, 03 Mar 2031 10:00:00 GMT", text: bytes | None = None) -> bytes:
    body = text if text is not None else SENTENCE.format(n=7).encode()
    return b"<item><title>Roads</title><pubDate>" + pub + b"</pubDate><description>" + body + b"</description></item>"


def _record(
    payload: bytes, headers: bytes = b"Content-Type: text/html\r\n", uri: bytes = b"http://x.example/a"
) -> bytes:
    http = b"HTTP/1.1 200 OK\r\n" + headers + b"\r\n" + payload
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri + b"\r\nWARC-Date: 2031-01-01T00:00:00Z\r\n"
        b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n"
    )
    return head + http + b"\r\n\r\n"


def _gzip_of(byte: bytes, size: int) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    piece = byte * (1 << 20)
    return b"".join(z.compress(piece) for _ in range(size >> 20)) + z.flush()


def _jsonl(**fields: object) -> bytes:
    return json.dumps({"body": SENTENCE.format(n=3), **fields}).encode() + b"\n"


BODY = SENTENCE.format(n=1).encode()
NON_TEXT_CODECS = ("base64", "rot13", "hex", "zlib", "uu", "bz2", "quopri", "undefined", "idna", "punycode")


def _small() -> Iterator[Case]:
    # text
    yield Case("empty.txt", "text", b"")
    yield Case("spaces.txt", "text", b" \n\t \r\n")
    yield Case("only-header.txt", "text", b"title Nothing\ndate 2031-01-01\n")
    yield Case("nul.txt", "text", BODY + b"\x00" + BODY)
    yield Case("controls.txt", "text", BODY + bytes(range(1, 32)) * 3 + BODY)
    yield Case("crlf-cr.txt", "text", b"title A\r\rdate 2031-01-01\r\n" + BODY.replace(b" ", b"\r"))
    yield Case("bidi.txt", "text", "\u202e".encode() + BODY + "\u2066\u200f\ufeff".encode() * 20)
    yield Case("combining.txt", "text", BODY + ("e" + "\u0301" * 200).encode())
    yield Case("emoji.txt", "text", BODY + "👩‍👩‍👧‍👦🏳️‍🌈".encode() * 50)
    yield Case("one-long-word.txt", "text", BODY + b" " + b"a" * 50_000)
    yield Case("parens-5k.txt", "text", BODY + b" " + b"(" * 5000 + b" " + BODY)
    yield Case("quotes-50k.txt", "text", BODY + b" " + b'"' * 50_000)
    yield Case("curly-unbalanced.txt", "text", ("“" * 300 + BODY.decode() + "”" * 7).encode())
    yield Case("lines-10k.txt", "text", b"\n".join([b"x"] * 10_000) + b"\n" + BODY)
    yield Case("header-url-bad.txt", "text", b"url http://[oops\n\n" + BODY)
    # HTML
    yield Case("tag-soup.html", "html", b"<html><body>" + b"<div><p><b>" * 3000 + BODY)
    yield Case("deep.html", "html", b"<html><body>" + b"<div>" * 20_000 + BODY + b"</div>" * 20_000)
    yield Case("figcaption-open.html", "html", _page(BODY, b"") + b"<figcaption>x" * 5000)
    yield Case("figcaption-attr.html", "html", _page(BODY) + b"<figcaption " + b"a" * 50_000)
    yield Case("canonical-bad.html", "html", _page(BODY, b'<link rel="canonical" href="http://[oops">'))
    yield Case(
        "meta-date-end.html", "html", _page(BODY, b'<meta property="article:published_time" content="9999-12-31">')
    )
    yield Case(
        "meta-date-zero.html", "html", _page(BODY, b'<meta property="article:published_time" content="0000-00-00">')
    )
    yield Case("script-only.html", "html", b"<html><script>" + b"var a=1;" * 5000 + b"</script></html>")
    yield Case("entities.html", "html", _page(b"&#0; &#xD800; &#1114112; &#99999999999; &bogus; " + BODY))
    yield Case("cdata.html", "html", _page(b"<![CDATA[" + BODY + b"]]>"))
    # feeds
    yield Case("feed-not-xml.rss", "feed", b"not xml at all " + BODY)
    yield Case("feed-no-items.rss", "feed", _rss(b""))
    yield Case("feed-huge-date.rss", "feed", _rss(_item(b"9999999999999999999999")))
    yield Case("feed-year-1.rss", "feed", _rss(_item(b"Mon, 01 Jan 0001 00:00:00 GMT")))
    yield Case("feed-bad-date.rss", "feed", _rss(_item(b"31/02/2031 25:61")))
    yield Case(
        "feed-entity-bomb.rss",
        "feed",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "' + b"x" * 100 + b'">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        + _rss(_item(text=b"&c;&c;&c; " + BODY), b""),
    )
    yield Case(
        "feed-external-entity.rss",
        "feed",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM '
        b'"file:///etc/passwd">]>' + _rss(_item(text=b"&e; " + BODY), b""),
    )
    yield Case("feed-many-entries.rss", "feed", _rss(_item() * 300))
    # JSONL
    yield Case(
        "surrogate.jsonl", "jsonl", b'{"body": "The fictional council met \\ud800 on Monday.", "title": "\\udfff"}\n'
    )
    yield Case("bad-url.jsonl", "jsonl", _jsonl(url="http://[oops") + _jsonl(url="http://]x[/", title="b"))
    yield Case("bigint.jsonl", "jsonl", b'{"body": "x", "n": ' + b"9" * 5000 + b"}\n" + _jsonl(title="after"))
    yield Case("big-float.jsonl", "jsonl", b'{"body": "x", "n": 1e999999}\n' + _jsonl(title="f"))
    yield Case("nan.jsonl", "jsonl", b'{"body": NaN, "title": Infinity}\n')
    yield Case("deep.jsonl", "jsonl", b"[" * 50_000 + b"]" * 50_000 + b"\n" + _jsonl(title="deep"))
    yield Case("types.jsonl", "jsonl", b'{"body": 5}\n{"body": ["a"]}\n{"body": {"x": 1}}\n[1]\n"s"\nnull\n')
    yield Case(
        "separators.jsonl",
        "jsonl",
        json.dumps({"body": "A\u2028B\u2029C\u0085 " + BODY.decode()}, ensure_ascii=False).encode() + b"\n",
    )
    yield Case("array.json", "jsonl", b"[" + b",".join([_jsonl(title="arr").strip()] * 3) + b"]")
    yield Case("dup-keys.jsonl", "jsonl", b'{"body": "a", "body": "' + BODY + b'"}\n')
    yield Case("date-ends.jsonl", "jsonl", _jsonl(published="9999-12-31") + _jsonl(published="0001-01-01", title="x"))
    yield Case(
        "odd-dates.jsonl",
        "jsonl",
        b"".join(
            _jsonl(published=d, title=d)
            for d in ("2031-02-30", "99999-01-01", "-2031-01-01", "2031-13-01T00:00:00+99:99", "Tue, 99 Foo 2031", "")
        ),
    )
    # WARC
    yield Case("warc-cut.warc", "warc", _record(_page(BODY))[:-200])
    yield Case("warc-bad-length.warc", "warc", _record(_page(BODY)).replace(b"Content-Length: ", b"Content-Length: 9"))
    yield Case("warc-neg-length.warc", "warc", _record(_page(BODY)).replace(b"Content-Length: ", b"Content-Length: -"))
    yield Case("warc-no-pages.warc", "warc", _record(b"\x89PNG", b"Content-Type: image/png\r\n"))
    yield Case(
        "warc-bad-gzip.warc",
        "warc",
        _record(b"\x1f\x8bnot gzip", b"Content-Type: text/html\r\nContent-Encoding: gzip\r\n"),
    )
    yield Case(
        "warc-chunked.warc",
        "warc",
        _record(
            b"zz\r\n" + _page(BODY) + b"\r\n0\r\n\r\n", b"Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
        ),
    )
    yield Case("warc-bad-uri.warc", "warc", _record(_page(BODY), uri=b"http://[oops"))
    yield Case("warc-header-only.warc", "warc", b"WARC/1.0\r\nWARC-Type: response\r\n")
    yield Case("warc-gz-trailing.warc.gz", "warc", gzip.compress(_record(_page(BODY))) + b"garbage after the member")
    # compressed
    yield Case("plain.gz", "compressed", gzip.compress(BODY))
    yield Case(
        "warc-gz-bomb.warc.gz", "compressed", gzip.compress(_record(b"\0" * (8 << 20), b"Content-Type: x/y\r\n"))
    )
    yield Case(
        "payload-bomb.warc",
        "compressed",
        _record(_gzip_of(b" ", 8 << 20), b"Content-Type: text/html\r\nContent-Encoding: gzip\r\n"),
    )
    yield Case("a.zip", "compressed", b"PK\x03\x04" + os.urandom(64))
    yield Case("a.bz2", "compressed", b"BZh91AY&SY" + os.urandom(64))
    yield Case("a.xz", "compressed", b"\xfd7zXZ\x00" + os.urandom(64))
    # encodings
    for codec in NON_TEXT_CODECS:
        yield Case(
            f"meta-{codec}.html", "encoding", _page(b"caf\xe9 " + BODY, b'<meta charset="' + codec.encode() + b'">')
        )
        yield Case(
            f"xml-{codec}.rss",
            "encoding",
            _rss(_item(text=b"caf\xe9 " + BODY), b'<?xml version="1.0" encoding="' + codec.encode() + b'"?>'),
        )
        yield Case(
            f"warc-{codec}.warc",
            "encoding",
            _record(_page(b"caf\xe9 " + BODY), b"Content-Type: text/html; charset=" + codec.encode() + b"\r\n"),
        )
    yield Case("utf8-one-bad-byte.txt", "encoding", "Zoë Ñúñez said ".encode() + b"\x80 " + BODY)
    yield Case("utf16-no-bom.txt", "encoding", BODY.decode().encode("utf-16-le"))
    yield Case("utf16-bad.txt", "encoding", b"\xff\xfe" + b"\x00\xd8" + BODY)
    yield Case("utf32-bom-bad.txt", "encoding", b"\xff\xfe\x00\x00" + BODY)
    yield Case("meta-unknown.html", "encoding", _page(b"caf\xe9 " + BODY, b'<meta charset="x-nonsense-42">'))
    yield Case("random-bytes.txt", "encoding", random.Random(20).randbytes(4096))
    # dates and numbers in text
    yield Case(
        "dates-ends.txt",
        "date",
        b"date 9999-12-31\n\nOn December 31, 9999 and January 1, 0001 and 30 February, "
        b"the fictional council met. It met again 10000000 days later, on 31/12/9999. " + BODY,
    )
    yield Case("dates-relative.txt", "date", b"date 0001-01-01\n\nTwo days earlier and 9999999 years ago " + BODY)
    yield Case(
        "numbers.txt",
        "number",
        b"The fictional council spent 1e309 dollars, " + b"9" * 5000 + b" euros, "
        b"1" + b",000" * 400 + b" people and 0.000000000000000000001 percent. " + BODY,
    )
    yield Case("number-words.txt", "number", b"It cost " + b"hundred " * 2000 + b"thousand dollars. " + BODY)
    # file-system oddities
    yield Case("fifo.txt", "fs", lambda d: os.mkfifo(d / "fifo.txt"))
    yield Case("dir.txt", "fs", lambda d: (d / "dir.txt").mkdir())
    yield Case("loop.txt", "fs", lambda d: os.symlink(d / "loop.txt", d / "loop.txt"))
    yield Case("dangling.txt", "fs", lambda d: os.symlink(d / "nowhere", d / "dangling.txt"))
    yield Case("unreadable.txt", "fs", _unreadable)
    yield Case("name-\x1b[31m-esc.txt", "fs", lambda d: (d / "name-\x1b[31m-esc.txt").write_bytes(BODY))
    yield Case("name-\udcff-bytes.txt", "fs", lambda d: _bytes_name(d))


def _unreadable(folder: Path) -> None:
    path = folder / "unreadable.txt"
    path.write_bytes(BODY)
    path.chmod(0)


def _bytes_name(folder: Path) -> None:
    with open(os.path.join(os.fsencode(folder), b"name-\xff-bytes.txt"), "wb") as fh:
        fh.write(BODY + b" (a file name that is not UTF-8)")


def _varied(size: int, seed: int = 7) -> bytes:
    rnd = random.Random(seed)
    out, total = [], 0
    while total < size:
        line = " ".join(
            SENTENCE.format(n=rnd.randint(1, 999)) if rnd.random() < 0.3 else " ".join(rnd.choices(WORDS, k=12)) + "."
            for _ in range(4)
        )
        out.append(line)
        total += len(line) + 2
    return ("title Fictional long report\ndate 2031-03-03\n\n" + "\n\n".join(out)).encode()


def _large() -> Iterator[Case]:
    yield Case("parens-20k.txt", "pathological", BODY + b" " + b"(" * 20_000 + b" " + BODY)
    yield Case("quotes-1m.txt", "pathological", BODY + b" " + b'"' * 1_000_000)
    yield Case("quote-space-1m.txt", "pathological", BODY + b" " + b'" ' * 500_000)
    yield Case("figcaption-650k.html", "pathological", _page(BODY) + b"<figcaption>x" * 50_000)
    yield Case(
        "same-quote-1m.txt",
        "pathological",
        b"title Repeated\n\n" + b'"We approved the bridge," said Ana Ruiz. ' * 25_000,
    )
    yield Case("varied-1m.txt", "pathological", _varied(1_000_000))
    yield Case("varied-20m.txt", "pathological", _varied(19_500_000))
    yield Case(
        "payload-bomb-1g.warc",
        "pathological",
        _record(_gzip_of(b" ", 1 << 30), b"Content-Type: text/html\r\nContent-Encoding: gzip\r\n"),
    )
    yield Case("record-bomb-1g.warc.gz", "pathological", _warc_gz_record_of(1 << 30))


def _warc_gz_record_of(size: int) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://x.example/b\r\nWARC-Date: 2031-01-01T00:00:00Z\r\n"
        b"WARC-Record-ID: <urn:uuid:2>\r\nContent-Type: application/octet-stream\r\nContent-Length: "
        + str(size).encode()
        + b"\r\n\r\n"
    )
    zeros = b"\0" * (1 << 20)
    return b"".join(
        [z.compress(head), *(z.compress(zeros) for _ in range(size >> 20)), z.compress(b"\r\n\r\n"), z.flush()]
    )


def cases(full: bool = False) -> Iterator[Case]:
    yield from _small()
    if full:
        yield from _large()


def write(case: Case, folder: Path) -> None:
    """Make ``case`` under ``folder``."""
    if callable(case.data):
        case.data(folder)
    else:
        (folder / case.name).write_bytes(case.data)
