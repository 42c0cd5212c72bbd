"""An undated copy keeps its duplicate mark when its story gives it a reference date (fictional text)."""

from __future__ import annotations

import json

from storyline import api
from storyline.options import Options
from storyline.store import open_store

# fictional report, written for this test
BODY = (
    "The Harrowgate council voted on Tuesday to close the Millbrook ferry crossing for repairs. "
    "Council leader Edda Varnhout said the ferry would reopen next month once the landing is rebuilt. "
    "The crossing carries about 900 passengers a day between Harrowgate and the island of Skellan. "
    "Repairs are expected to cost 2.4 million pounds, according to the council's estimate."
)


def test_an_undated_copy_stays_marked_after_its_reference_is_estimated(tmp_path):
    original = tmp_path / "a.jsonl"
    original.write_text(
        json.dumps(
            {
                "title": "Ferry to close",
                "body": BODY,
                "published": "2031-03-06",
                "outlet": "Harrowgate Post",
                "url": "https://post.example/ferry",
            }
        )
        + "\n"
    )
    copy = tmp_path / "b.jsonl"
    copy.write_text(
        json.dumps(
            {
                "title": "Ferry to close for repairs",
                "body": BODY + " Islanders were told by letter.",
                "outlet": "Skellan Wire",
                "url": "https://wire.example/ferry",
            }
        )
        + "\n"
    )
    options = Options(db=str(tmp_path / "s.db"))
    with open_store(options.db) as store:
        api.ingest([str(original)], store=store, options=options)
        api.ingest([str(copy)], store=store, options=options)
        first = next(a for a in store.articles() if a.outlet == "Harrowgate Post")
        second = next(a for a in store.articles() if a.outlet == "Skellan Wire")
        assert (second.reference_date, second.reference_estimated) == ("2031-03-06", True)
        assert second.duplicate_of == first.id
