"""The fast slice of the fuzz suite: every small bad input of bad_inputs.py in one folder beside
good reports, ingested with extraction and clustering, then every story built (#20).

What must hold: no exception and no hang; every good report stored; every stored fact's offsets
reproduce its text; each bad input ends as stored, present or one clear failure line.
The full run (large inputs, one process each, CPU and memory limits) is scripts/fuzz_ingest.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bad_inputs import cases, good_files, write

from storyline import api
from storyline.options import Options
from storyline.store import open_store


@pytest.mark.timeout(600)
def test_every_small_bad_input_beside_good_ones_costs_only_itself(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in good_files().items():
        (folder / name).write_bytes(data)
    made = list(cases())
    for case in made:
        write(case, folder)
    options = Options(db=str(tmp_path / "s.db"), fetch=False)
    ended: dict[str, str] = {}  # input label -> how it ended (stored, present, failed)
    report = api.ingest([str(folder)], options=options, progress=lambda stage, label: ended.update({label: stage}))

    stored = {a.source for a in report.ingested} | {a.source for a in report.present}
    assert {str(folder / name) for name in good_files()} <= stored
    for failure in report.failed:  # one clear line: the input, the reason, no traceback
        assert failure.source and failure.reason and "\n" not in failure.reason
        assert "Traceback" not in str(failure)
    assert not [f for f in report.failed if "please report this input as a bug" in str(f)], report.failed
    files = {
        Path(re.sub(r"(#\d+.*|\[\d+\]|:\d+)$", "", label)).name for label, stage in ended.items() if stage != "read"
    }
    # (a folder is no input; the non-UTF-8 name is labelled with U+FFFD)
    unaccounted = {c.name for c in made} - files - {"dir.txt", "name-\udcff-bytes.txt"}
    assert not unaccounted, unaccounted  # every input ends stored, present or failed: none vanishes

    with open_store(options.db) as store:
        for article in report.ingested:
            facts = store.facts(article.id)
            assert facts is not None
            body = store.article(article.id).body
            for fact in (*facts.mentions, *facts.quotes, *facts.figures, *facts.dates, *facts.events):
                assert body[fact.start : fact.end] == fact.text, (article.source, fact)
        built = api.stories(store, options)
        assert sum(len(s.articles) for s in built) == store.count_articles()
