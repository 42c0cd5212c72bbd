"""Story lists: what `storyline stories`, the story list page and `GET /api/stories` show.

Cards come from one query over the store's story members (no bodies, no comparison built), so a
list with filters over every story stays cheap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .records import StoryCard
from .store import ArticleQuery, Member, Store

SEARCH_CAP = 5000  # matching articles scanned to find stories for a text/entity/outlet filter
UNKNOWN_OUTLET = "unknown outlet"


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """Which stories to list. ``text``, ``entity`` and ``outlet`` keep stories with an article that
    matches; ``since``/``until`` keep stories whose dates overlap the range; ``min_outlets`` counts
    independent outlets (a marked copy of another article does not count)."""

    text: str | None = None
    entity: str | None = None
    outlet: str | None = None
    since: str | None = None  # YYYY-MM-DD
    until: str | None = None
    min_outlets: int = 0
    limit: int = 50
    offset: int = 0

    @property
    def filtered(self) -> bool:
        return any((self.text, self.entity, self.outlet, self.since, self.until, self.min_outlets > 1))


def card(story_id: str, title: str, members: list[Member]) -> StoryCard:
    dates = sorted(m.published for m in members if m.published)
    independent = {m.outlet for m in members if m.outlet and m.duplicate_of is None}
    return StoryCard(
        id=story_id,
        title=title,
        articles=len(members),
        outlets=tuple(sorted({m.outlet or UNKNOWN_OUTLET for m in members}, key=str.casefold)),
        independent_outlets=len(independent),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
    )


def story_cards(store: Store, wanted: StoryFilter | None = None) -> list[StoryCard]:
    """Stories as cards, largest first (then the earliest stored), filtered and paged."""
    wanted = wanted or StoryFilter()
    if not wanted.filtered:  # the store pages for us
        rows = store.stories(limit=wanted.limit, offset=wanted.offset)
        by_story = _members(store, {r.id for r in rows})
        return [card(r.id, r.title, by_story[r.id]) for r in rows]
    matching = _matching_stories(store, wanted)
    by_story = _members(store, matching)
    cards = [card(s, "", ms) for s, ms in by_story.items()]
    cards = [c for c in cards if _keeps(c, wanted)]
    order = {s: k for k, s in enumerate(by_story)}  # members come in storage order
    cards.sort(key=lambda c: (-c.articles, order[c.id]))
    page = cards[wanted.offset : wanted.offset + wanted.limit]
    return [c.replace(title=store.story(c.id).title) for c in page]


def cards_for(store: Store, story_ids: list[str]) -> list[StoryCard]:
    """Cards for these stories, in the order given."""
    by_story = _members(store, set(story_ids))
    return [card(s, store.story(s).title, by_story[s]) for s in story_ids if s in by_story]


def _members(store: Store, story_ids: set[str] | None) -> dict[str, list[Member]]:
    by_story: dict[str, list[Member]] = defaultdict(list)
    for m in store.story_members():
        if story_ids is None or m.story in story_ids:
            by_story[m.story].append(m)
    return by_story


def _matching_stories(store: Store, wanted: StoryFilter) -> set[str] | None:
    """Stories with an article matching the article-level filters; None when there are none."""
    if not (wanted.text or wanted.entity or wanted.outlet):
        return None
    query = ArticleQuery(text=wanted.text, entity=wanted.entity, outlet=wanted.outlet, limit=SEARCH_CAP)
    return {s for a in store.articles(query) if (s := store.story_of(a.id)) is not None}


def _keeps(c: StoryCard, wanted: StoryFilter) -> bool:
    if c.independent_outlets < wanted.min_outlets:
        return False
    if wanted.since and (c.last is None or c.last < wanted.since):
        return False
    return not (wanted.until and (c.first is None or c.first > wanted.until))
