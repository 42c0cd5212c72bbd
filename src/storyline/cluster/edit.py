"""Editorial corrections (merge, split, move), stored as decisions and replayed after ``recluster``;
and ``explain``, what tied each article to its story.

Decisions name articles, not story ids (ids may change when stories are rebuilt): a merge names one
article of each story, a split the articles split out, a move the article and one article of the
target story.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import NotFoundError, UsageError
from ..store import Store
from .features import article_date
from .state import VERSION, rebuild_state, story_exists, title_for


def _members(store: Store, story: str) -> list[str]:
    return sorted(store.story_articles(story))


def _move_all(store: Store, articles: list[str], target: str, decision: str) -> None:
    for article_id in articles:
        _, reasons = store.story_why(article_id)
        reasons = {**reasons, "decision": decision}
        store.set_story(article_id, target, None, reasons)


def merge(store: Store, a: str, b: str) -> str:
    """Put every article of story ``b`` into story ``a``; returns ``a``'s id."""
    sa, sb = store.story(a).id, store.story(b).id
    if sa == sb:
        raise UsageError(f"cannot merge story {sa!r} with itself; name two different stories (`storyline stories`)")
    with store.transaction():
        store.add_decision("merge", {"into": _members(store, sa)[0], "from": _members(store, sb)[0]})
        _merge(store, sa, sb)
    return sa


def _merge(store: Store, sa: str, sb: str) -> None:
    _move_all(store, _members(store, sb), sa, f"merged from {sb}")
    store.drop_story_index(sb)
    store.drop_empty_stories()
    rebuild_state(store, sa)


def split(store: Store, story: str, article_ids: list[str]) -> str:
    """Move ``article_ids`` out of ``story`` into a new story; returns the new story's id."""
    sid = store.story(story).id
    members = _members(store, sid)
    chosen = sorted({store.article(a).id for a in article_ids})
    if not chosen:
        raise UsageError(f"split {sid}: name at least one article to split out")
    outside = [a for a in chosen if a not in members]
    if outside:
        raise UsageError(f"split {sid}: {', '.join(outside)} not in this story (see `storyline story {sid}`)")
    if len(members) == 1:
        raise UsageError(f"cannot split story {sid!r}: {members[0]} is its only article")
    if len(chosen) == len(members):
        raise UsageError(f"split {sid}: that is every article of the story; leave at least one behind")
    with store.transaction():
        store.add_decision("split", {"articles": chosen})
        return _split(store, sid, chosen)


def _free_id(store: Store, first: str) -> str:
    base, n = "s-" + first, 1
    candidate = base
    while story_exists(store, candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _split(store: Store, sid: str | None, chosen: list[str]) -> str:
    new = _free_id(store, chosen[0])
    store.ensure_story(new, title_for(store.article(chosen[0])), VERSION)
    olds = {store.story_of(a) for a in chosen} | ({sid} if sid else set())
    _move_all(store, chosen, new, "split out")
    store.drop_empty_stories()
    for old in sorted(s for s in olds if s):
        rebuild_state(store, old)
        _retitle(store, old)
    rebuild_state(store, new)
    return new


def _retitle(store: Store, story: str) -> None:
    """Title from the story's first article in canonical (date, id) order, as ``recluster`` does."""
    articles = [store.article(a) for a in store.story_articles(story)]
    if articles:
        first = min(articles, key=lambda a: (article_date(a, None) or "~", a.id))
        store.set_story_title(story, title_for(first))


def move(store: Store, article: str, story: str) -> None:
    """Move one article into ``story``."""
    article_id = store.article(article).id
    target = store.story(story).id
    current = store.story_of(article_id)
    if current is None:
        raise UsageError(f"article {article_id} is in no story (not clustered); run `storyline recluster` first")
    if current == target:
        raise UsageError(f"article {article_id} is already in story {target}")
    anchor = next(a for a in _members(store, target))
    with store.transaction():
        store.add_decision("move", {"article": article_id, "to": anchor})
        _move(store, article_id, target)


def _move(store: Store, article_id: str, target: str) -> None:
    old = store.story_of(article_id)
    _move_all(store, [article_id], target, f"moved from {old}")
    store.drop_empty_stories()
    if old:
        rebuild_state(store, old)
        _retitle(store, old)
    rebuild_state(store, target)


def replay(store: Store) -> None:
    """Apply the stored decisions, in order, to freshly rebuilt stories (skipping moot ones)."""
    for kind, data in store.decisions():
        if kind == "merge":
            sa, sb = store.story_of(data["into"]), store.story_of(data["from"])
            if sa and sb and sa != sb:
                _merge(store, sa, sb)
        elif kind == "split":
            chosen = sorted(a for a in data["articles"] if store.story_of(a))
            homes = {store.story_of(a) for a in chosen}
            if chosen and not (len(homes) == 1 and sorted(_members(store, str(next(iter(homes))))) == chosen):
                _split(store, None, chosen)
        elif kind == "move":
            target = store.story_of(data["to"])
            if target and store.story_of(data["article"]) not in (None, target):
                _move(store, data["article"], target)


def kept_from(store: Store, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per article of ``article_ids`` the clusterer kept out of another story or apart from
    another report: its ``kept_from`` cuts, as ``explain`` gives them (the story page's view)."""
    out = {}
    for article_id in article_ids:
        try:
            _, reasons = store.story_why(article_id)
        except NotFoundError:
            continue
        if reasons.get("kept_from"):
            out[article_id] = [_where(store, cut) for cut in reasons["kept_from"]]
    return out


def _where(store: Store, cut: dict[str, Any]) -> dict[str, Any]:
    """A ``kept_from`` cut with the other article's title and its story now (None where gone)."""
    try:
        title = title_for(store.article(cut["article"]))
    except NotFoundError:
        return {**cut, "title": None, "story": None}
    return {**cut, "title": title, "story": store.story_of(cut["article"])}


_SPACE = re.compile(r"\W+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.lower()).strip()


def explain(store: Store, story_id: str) -> list[dict[str, Any]]:
    """Per article of the story: what tied it in (similarity and threshold, shared names, shared
    words, shared quotes, duplicate_of, editorial decision), and what the clusterer kept it out of
    (``kept_from``: each cut with the other article's title and the story it is in now)."""
    row = store.story(story_id)
    quotes: dict[str, list[str]] = {}
    for article_id in row.articles:
        facts = store.facts(article_id)
        quotes[article_id] = [_norm(q.text) for q in (facts.quotes if facts else ()) if len(_norm(q.text)) >= 20]
    out = []
    for article_id in row.articles:
        article = store.article(article_id)
        score, reasons = store.story_why(article_id)
        if reasons.get("kept_from"):
            reasons = {**reasons, "kept_from": [_where(store, cut) for cut in reasons["kept_from"]]}
        others = [q for other, qs in quotes.items() if other != article_id for q in qs]
        shared = [q for q in quotes[article_id] if any(q in o or o in q for o in others)]
        out.append(
            {
                "article": article_id,
                "outlet": article.outlet,
                "title": title_for(article),
                "score": score,
                **reasons,
                "shared_quotes": [q[:80] for q in shared[:3]],
                "duplicate_of": article.duplicate_of,
            }
        )
    return out
