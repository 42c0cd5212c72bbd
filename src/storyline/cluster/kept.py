"""A bounded least-recently-used cache that threads share (the web app ingests beside its readers)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> V | None:
        """The value kept for ``key``, or None; nothing is made."""
        with self._lock:
            return self._items.get(key)  # type: ignore[no-any-return]

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``make()``, kept (made outside the lock: it may be slow)."""
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit  # type: ignore[no-any-return]
        made = make()
        self._put(key, made)
        return made

    def held(self, objects: tuple[object, ...], make: Callable[[], V]) -> V:
        """``get`` per the objects themselves (by identity: their ids as the key), holding them so
        that no id is reused while its entry lives."""
        key = tuple(id(o) for o in objects)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and all(a is b for a, b in zip(hit[0], objects, strict=True)):
                self._items.move_to_end(key)
                return hit[1]  # type: ignore[no-any-return]
        made = make()
        self._put(key, (objects, made))
        return made

    def _put(self, key: Hashable, entry: Any) -> None:
        with self._lock:
            self._items[key] = entry
            while len(self._items) > self.size:
                self._items.popitem(last=False)
