"""The ECB+ event-alignment scorer on a tiny ECB+-layout corpus written for this test (fictional)."""

from __future__ import annotations

from pathlib import Path

from storyline.eval.ecb_events import pairs_of, read_doc, score, score_event_alignment
from storyline.options import Options


def write_doc(folder: Path, name: str, text: str, events: dict[int, str | None]) -> None:
    """``events``: token number (1-based) of an action mention -> gold cross-document instance."""
    words = text.split()
    tokens = "".join(f'<token t_id="{i}" sentence="0" number="{i - 1}">{w}</token>\n' for i, w in enumerate(words, 1))
    marks = "".join(f'<ACTION_OCCURRENCE m_id="{i}"><token_anchor t_id="{i}"/></ACTION_OCCURRENCE>\n' for i in events)
    rels = "".join(
        f'<CROSS_DOC_COREF r_id="{i}" note="{inst}"><source m_id="{i}"/><target m_id="99"/></CROSS_DOC_COREF>\n'
        for i, inst in events.items()
        if inst
    )
    body = f"{tokens}<Markables>\n{marks}</Markables>\n<Relations>\n{rels}</Relations>\n"
    xml = f'<Document doc_name="{name}">\n{body}</Document>'
    (folder / name).write_text(xml, encoding="utf-8")


def corpus(tmp_path: Path) -> Path:
    topic = tmp_path / "1"
    topic.mkdir()
    write_doc(topic, "1_1ecb.xml", "Mayor Ana Ruiz resigned on Friday in Puerto Sol .", {4: "ACT1"})
    write_doc(topic, "1_2ecb.xml", "Ana Ruiz resigned after the vote in Puerto Sol .", {3: "ACT1"})
    write_doc(topic, "1_3ecb.xml", "Tom Vale resigned too , officials said .", {3: None, 7: None})
    return tmp_path


def test_gold_links_join_mentions_of_one_instance_across_documents(tmp_path: Path):
    folder = corpus(tmp_path) / "1"
    docs = [read_doc(p) for p in sorted(folder.glob("*.xml"))]
    assert [d.subtopic for d in docs] == ["1/ecb"] * 3
    assert docs[0].mentions == [("4", ["4"], "ACT1")]
    assert docs[0].text.split()[3] == "resigned"


def test_pairs_are_cross_document_only_and_scored_pairwise():
    pairs = pairs_of({"x": ["a#1", "a#2", "b#1"]})
    assert pairs == {("a#1", "b#1"), ("a#2", "b#1")}
    assert score({("a#1", "b#1")}, pairs) == (1.0, 0.5, 2 / 3)


def test_the_scorer_links_the_same_resignation_and_not_another_persons(tmp_path: Path):
    s = score_event_alignment(corpus(tmp_path), Options())
    assert s["n_gold_links"] == 1
    assert (s["precision"], s["recall"]) == (1.0, 1.0)
    assert s["lemma_precision"] < 1.0  # the same lemma also joins Tom Vale's resignation


def test_the_dev_topics_are_also_scored_by_their_even_and_odd_halves(tmp_path: Path):
    for n, name in ((2, "Ana Ruiz"), (5, "Tom Vale")):  # two dev topics: 2 is even, 5 is odd
        topic = tmp_path / str(n)
        topic.mkdir()
        write_doc(topic, f"{n}_1ecb.xml", f"{name} resigned on Friday in Puerto Sol .", {3: f"ACT{n}"})
        write_doc(topic, f"{n}_2ecb.xml", f"{name} resigned after the vote in Puerto Sol .", {3: f"ACT{n}"})
    write_doc(tmp_path / "2", "2_3ecb.xml", "Mayor Ana Ruiz resigned in Puerto Sol .", {4: "ACT2"})
    corpus(tmp_path)  # topic 1, a train topic
    s = score_event_alignment(tmp_path, Options())
    assert s["dev_even"]["n_gold_links"] == 3 and s["dev_odd"]["n_gold_links"] == 1
    assert s["dev"]["n_gold_links"] == 4 and s["train"]["n_gold_links"] == 1
