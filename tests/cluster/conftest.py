from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cluster_corpus import Ingest

from storyline.api import ingest
from storyline.options import Options
from storyline.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(str(tmp_path / "stories.db"))
    yield s
    s.close()


@pytest.fixture
def options(tmp_path: Path) -> Options:
    return Options(db=str(tmp_path / "stories.db"), extract=False)


@pytest.fixture
def add(store: Store, options: Options, tmp_path: Path) -> Ingest:
    """Ingest named texts (written to files) into ``store``; returns name -> article id."""

    def run(texts: dict[str, str], **changes: object) -> dict[str, str]:
        from cluster_corpus import write

        paths = write(tmp_path / "in", texts)
        report = ingest(paths, store=store, options=options.replace(**changes))
        assert not report.failed, report.failed
        by_source = {Path(a.source or "").stem: a.id for a in report.ingested + report.present}
        return {name: by_source[name] for name in texts}

    return run
