"""What the aligners share: groups of the same fact, and which articles are independent sources."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..records import Article
from .text import fold


@dataclass(frozen=True, slots=True)
class Group:
    """Facts of one kind that report the same thing; the first item is the one shown."""

    kind: str
    items: tuple[str, ...]
    articles: tuple[str, ...]
    text: str
    date: str | None = None
    p: float | None = None  # the probability that the reports state the same fact (None: one report)


class Sources:
    """Which articles are independent: a wire copy counts as its original, one outlet counts once."""

    def __init__(self, articles: Sequence[Article]) -> None:
        by_id = {a.id: a for a in articles}
        self.order = {a.id: i for i, a in enumerate(articles)}
        self.outlet = {a.id: a.outlet for a in articles}
        self.key: dict[str, str] = {}
        # copies whose original is in the story too (a lone copy speaks for itself)
        self.copy_of = {a.id: a.duplicate_of for a in articles if a.duplicate_of and a.duplicate_of in by_id}
        for a in articles:
            root, seen = a, {a.id}
            while root.duplicate_of and root.duplicate_of not in seen:
                seen.add(root.duplicate_of)
                nxt = by_id.get(root.duplicate_of)
                if nxt is None:
                    self.key[a.id] = f"article:{root.duplicate_of}"
                    break
                root = nxt
            else:
                self.key[a.id] = f"outlet:{fold(root.outlet)}" if root.outlet else f"article:{root.id}"
            self.key.setdefault(a.id, f"article:{a.id}")

    def is_copy(self, article_id: str) -> bool:
        return article_id in self.copy_of

    def with_copies(self, article_id: str) -> tuple[str, ...]:
        """The article and every wire copy of it in the story."""
        return self.sort([article_id, *(a for a, root in self.copy_of.items() if root == article_id)])

    def count(self, article_ids: Iterable[str]) -> int:
        return len({self.key.get(a, a) for a in article_ids})

    def independent(self, a: str, b: str) -> bool:
        return self.key.get(a, a) != self.key.get(b, b)

    def sort(self, article_ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(set(article_ids), key=lambda a: (self.order.get(a, 1 << 30), a)))

    def name(self, article_id: str) -> str:
        return self.outlet.get(article_id) or article_id


K = TypeVar("K", bound=Hashable)


class Union(Generic[K]):
    def __init__(self, ids: Iterable[K]) -> None:
        self.parent: dict[K, K] = {i: i for i in ids}

    def find(self, i: K) -> K:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: K, b: K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def components(self, ordered: Iterable[K]) -> list[list[K]]:
        out: dict[K, list[K]] = {}
        for i in ordered:
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())
