"""``eval.spans``: PolNeAR-style file names give each article its day and outlet, and pairs of
reports in one story are counted by the days between them. Fictional files written here."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from storyline.eval.spans import GAPS, gap_counts, jsonl


def test_file_names_give_the_day_and_outlet(tmp_path: Path) -> None:
    (tmp_path / "daily-post_2026-05-03_council-meets.txt").write_text("The council met.", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("no day in this name", encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    assert jsonl(tmp_path, out) == 1
    row = json.loads(out.read_text(encoding="utf-8"))
    assert (row["published"], row["outlet"], row["body"]) == ("2026-05-03", "daily-post", "The council met.")
    assert row["url"].endswith("/daily-post_2026-05-03_council-meets")


def test_pairs_are_counted_by_the_days_between_them() -> None:
    day = dt.date(2026, 5, 1)
    groups = {
        "s-1": [day, day + dt.timedelta(days=1), day + dt.timedelta(days=20)],  # 1, 20 and 19 days apart
        "s-2": [day],
        "s-3": [day, day + dt.timedelta(days=40)],
    }
    assert GAPS == (1, 7, 30)
    assert gap_counts(groups) == [1, 0, 2, 1]
