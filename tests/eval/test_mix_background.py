"""The week-of-news mix is scored with a background that never counted the scored reports' topics.

The documents are FICTIONAL (invented words, written for this test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.cluster import background
from storyline.eval import mix
from storyline.options import Options

# two documents per fictional topic, sharing the topic's own words (so they pass min_df 2)
TOPICS = {
    "901": ("Brannoch quarry flooded at dawn near Velmoor", "Velmoor pumps worked all night at Brannoch quarry"),
    "902": ("Ostrel ferry ran aground off Quillan point", "Quillan harbour crews freed the Ostrel ferry"),
    "903": ("Tamsford council voted on the Dravik bridge", "Dravik bridge tolls split Tamsford council members"),
}


def _folder(tmp_path: Path) -> Path:
    for topic, texts in TOPICS.items():
        (tmp_path / "ecbplus" / topic).mkdir(parents=True)
        for n, text in enumerate(texts, 1):
            tokens = "".join(f'<token sentence="1">{w}</token>' for w in text.split())
            (tmp_path / "ecbplus" / topic / f"{topic}_{n}ecb.xml").write_text(f"<Document>{tokens}</Document>")
    return tmp_path


def _terms(text: str) -> set[int]:
    return set(background.count([mix._article("x", text, "text")])[0])


def test_the_held_out_background_counts_only_the_other_topics(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    path = mix.held_out_background(tmp_path, {"901"}, root)
    found = background.load(path)
    assert found.n_docs == 4  # 902 and 903, two each; 901 not counted
    own = _terms(TOPICS["901"][0]) & _terms(TOPICS["901"][1])  # Brannoch, Velmoor, quarry
    other = _terms(TOPICS["902"][0]) & _terms(TOPICS["902"][1])
    assert own and not own & set(found.df)
    assert other <= set(found.df)


def test_each_half_is_scored_with_the_other_half_background(monkeypatch: pytest.MonkeyPatch) -> None:
    left_out: dict[str, frozenset[str]] = {}  # background file -> the topics it did not count
    mixes: list[tuple[frozenset[str] | None, str]] = []  # (topics a mix sampled, its background)
    sampling: list[frozenset[str] | None] = []
    monkeypatch.setattr(mix, "halves", lambda: {"train": frozenset({"901"}), "dev": frozenset({"902", "903"})})

    def held_out(folder: Path, scored: frozenset[str], root: Path) -> str:
        left_out[f"bg-{len(left_out)}"] = frozenset(scored)
        return f"bg-{len(left_out) - 1}"

    def build(seed: int, root: Path, topics: frozenset[str] | None, n: int, tempeval: int = 0) -> list[mix.Report]:
        sampling.append(topics)
        return []

    def run(
        reports: list[mix.Report], options: Options, seed: int, batch: int, facts: object = None
    ) -> dict[str, list[str]]:
        mixes.append((sampling[-1], options.story_background))
        return {"regroup": []}

    monkeypatch.setattr(mix, "held_out_background", held_out)
    monkeypatch.setattr(mix, "build", build)
    monkeypatch.setattr(mix, "run", run)
    rows = list(mix.measure([0, 1]))
    assert [r.half for r in rows] == ["train", "train", "dev", "dev"]
    assert [topics for topics, _ in mixes] == [frozenset({"901"})] * 2 + [frozenset({"902", "903"})] * 2
    # every mix's background left out exactly the topics that mix samples
    assert all(left_out[bg] == topics for topics, bg in mixes)
    # the leaky figure stays reproducible: one mix of every topic with the built-in background
    mixes.clear()
    assert [r.half for r in mix.measure([0], "builtin")] == ["all"]
    assert mixes == [(None, "builtin")] and len(left_out) == 2
