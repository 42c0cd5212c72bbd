"""An undated report is read against an estimated reference date, and says so (seeds read in place)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import api
from storyline.options import Options
from storyline.store import open_store

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
NEWSNATION = str(SEEDS / "000_20ef912349ef2016.txt")
CNN = str(SEEDS / "002_4d7f50bd38428e0a.txt")


def _cnn(store):
    return next(a for a in store.articles() if a.outlet == "CNN")


@pytest.mark.shared
def test_undated_cnn_takes_its_storys_publication_date_as_estimated_reference(tmp_path):
    options = Options(db=str(tmp_path / "s.db"))
    with open_store(options.db) as store:
        api.ingest([NEWSNATION, CNN], store=store, options=options)
        cnn = _cnn(store)
        assert (cnn.published, cnn.reference_date, cnn.reference_estimated) == (None, "2023-12-28", True)
        values = {d.text: d.value for d in store.facts(cnn.id).dates}
        assert values["next month"] == "2024-01" and values["Wednesday"] == "2023-12-27"


@pytest.mark.shared
def test_cnn_alone_falls_back_to_its_caption_date_then_extract_all_uses_the_story(tmp_path):
    options = Options(db=str(tmp_path / "s.db"))
    with open_store(options.db) as store:
        api.ingest([CNN], store=store, options=options)
        assert _cnn(store).reference_date == "2023-12-27"  # the caption's date: a lower bound
        api.ingest([NEWSNATION], store=store, options=options)
        api.extract(store, options, redo_all=True)
        cnn = _cnn(store)
        assert (cnn.reference_date, cnn.reference_estimated) == ("2023-12-28", True)
