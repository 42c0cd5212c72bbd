"""Tests that read ../shared (the seed reports and the eval gold) carry the ``shared`` marker (``slow``
evaluation runs and the fixtures named below read it too).

A user's clone has no ../shared beside it: those tests skip with one line saying so. CI has it and
sets STORYLINE_REQUIRE_SHARED=1, so there a missing ../shared fails instead of skipping quietly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
# fixtures that read ../shared: a test using one needs it even without its own marker
SHARED_FIXTURES = {"seeds", "seeds_db", "seed_articles", "seed_store", "ecb_store"}


def has_shared() -> bool:
    return (SHARED / "seeds").is_dir() and (SHARED / "eval").is_dir()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    needing = [
        i
        for i in items
        if "shared" in i.keywords or "slow" in i.keywords or SHARED_FIXTURES & set(getattr(i, "fixturenames", ()))
    ]
    if has_shared() or not needing:
        return
    if os.environ.get("STORYLINE_REQUIRE_SHARED") == "1":
        raise pytest.UsageError(f"STORYLINE_REQUIRE_SHARED=1 but {SHARED} has no seeds/ and eval/")
    skip = pytest.mark.skip(reason=f"needs ../shared (seed reports, eval gold): not found at {SHARED}")
    for item in needing:
        item.add_marker(skip)
