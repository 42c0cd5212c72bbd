"""Builders for short, fictional test articles and their facts (all text here is invented)."""

from __future__ import annotations

from typing import Any

from storyline.records import Article, Event, Facts, Figure, Mention, Quote, TimeExpr


def article(aid: str, body: str, outlet: str, **kw: Any) -> Article:
    return Article(id=aid, body=body, outlet=outlet, published=kw.pop("published", "2031-03-13"), **kw)


def _span(body: str, text: str, after: int = 0) -> tuple[int, int]:
    start = body.index(text, after)
    return start, start + len(text)


def figure(a: Article, fid: str, text: str, value: float, **kw: Any) -> Figure:
    s, e = _span(a.body, text)
    return Figure(id=fid, article=a.id, start=s, end=e, text=text, value=value, **kw)


def quote(a: Article, qid: str, text: str, speaker: str | None = None, **kw: Any) -> Quote:
    s, e = _span(a.body, text)
    direct = kw.pop("direct", True)
    return Quote(id=qid, article=a.id, start=s, end=e, text=text, direct=direct, speaker=speaker, **kw)


def event(a: Article, eid: str, text: str, action: str, **kw: Any) -> Event:
    s, e = _span(a.body, text)
    return Event(
        id=eid,
        articles=(a.id,),
        article=a.id,
        start=s,
        end=e,
        text=text,
        action=action,
        actor=kw.pop("actor", None),
        target=kw.pop("target", None),
        date=kw.pop("date", None),
        place=kw.pop("place", None),
        **kw,
    )


def mention(a: Article, text: str, type_: str, key: str | None = None, name: str | None = None) -> Mention:
    s, e = _span(a.body, text)
    return Mention(a.id, s, e, text, type_, key or text.lower(), name or text)


def timex(a: Article, tid: str, text: str, value: str) -> TimeExpr:
    s, e = _span(a.body, text)
    return TimeExpr(id=tid, article=a.id, start=s, end=e, text=text, value=value, anchored=True)


def facts(a: Article, *items: Any) -> Facts:
    return Facts(
        article=a.id,
        mentions=tuple(i for i in items if isinstance(i, Mention)),
        quotes=tuple(i for i in items if isinstance(i, Quote)),
        figures=tuple(i for i in items if isinstance(i, Figure)),
        dates=tuple(i for i in items if isinstance(i, TimeExpr)),
        events=tuple(i for i in items if isinstance(i, Event)),
    )
