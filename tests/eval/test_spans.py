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


def test_score_spans_gives_the_share_joined_beside_the_shares(tmp_path: Path) -> None:
    from storyline.eval.spans import score_spans
    from storyline.options import Options

    folder = tmp_path / "polnear" / "dev" / "text"
    folder.mkdir(parents=True)
    vote = (
        "Harbin Vale council approves ferry levy.\n\nHarbin Vale's council voted 7 to 2 on Monday for a ferry "
        "levy of 1.5 percent, Mayor Tessa Quill said. The levy pays for two electric ferries to Skellan Point.\n"
    )
    again = (
        "Two electric ferries for Skellan Point.\n\nMayor Tessa Quill said the 1.5 percent ferry levy Harbin "
        "Vale's council passed 7 to 2 on Monday will buy two electric ferries for the Skellan Point crossing.\n"
    )
    other = "Orchard growers count frost losses.\n\nApple growers in the Dunmere valley lost a third of the blossom.\n"
    for name, text in (("vale-post_2026-05-04_vote", vote), ("isle-news_2026-05-04_ferries", again)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "farm-daily_2026-05-20_frost.txt").write_text(other, encoding="utf-8")
    said = score_spans(tmp_path, Options(extract=False))
    assert (said["pairs"], said["n_docs"], said["largest"]) == (1, 3, 2)
    assert said["near_pair_share"] == 1.0 and said["reports_in_small_stories"] == 1.0
    assert said["reports_joined"] == round(2 / 3, 4)
