"""The pieces under both quote tiers: Viterbi, label runs to attributions, segments that may
attribute, the packed MiniLM weights, the quality setting (short texts here are fictional)."""

from __future__ import annotations

import importlib.util
import itertools
from typing import Any

import numpy as np
import pytest

from storyline.errors import UsageError
from storyline.extractors.quotes import decode as quotedecode
from storyline.extractors.quotes import tagger as quotetagger
from storyline.extractors.quotes import tiers as quotetiers
from storyline.options import load_options

# label indices: O, B-S, I-S, B-C, I-C, B-Q, I-Q
NONE, BS, IS, BC, IC, BQ, IQ = range(7)


def _brute(scores: np.ndarray, trans: np.ndarray) -> list[int]:
    best, path = -np.inf, None
    for ys in itertools.product(range(scores.shape[1]), repeat=len(scores)):
        total = sum(scores[i, y] for i, y in enumerate(ys)) + sum(trans[a, b] for a, b in itertools.pairwise(ys))
        if total > best:
            best, path = total, list(ys)
    assert path is not None
    return path


def test_viterbi_finds_the_best_path_in_every_sentence_at_once() -> None:
    rng = np.random.default_rng(3)
    scores = rng.normal(size=(9, 3)).astype(np.float32)
    trans = rng.normal(size=(3, 3)).astype(np.float32)
    bounds = [(0, 4), (4, 5), (5, 9)]
    got = quotetagger.viterbi(scores, trans, bounds).tolist()
    want = [y for a, b in bounds for y in _brute(scores[a:b], trans)]
    assert got == want


def _labels(doc: Any, marks: dict[str, int]) -> np.ndarray:
    """Labels from a word -> label table (first token of a run gets B-)."""
    out = np.zeros(len(doc), dtype=np.int64)
    for tok in doc:
        out[tok.i] = marks.get(tok.text, NONE)
    return out


def test_a_content_split_by_its_cue_is_one_attribution(nlp: Any) -> None:
    text = "“The bridge is ready,” Mayor Lena Fisk said. “It opens in May.”"
    doc = nlp(text)
    labels = np.zeros(len(doc), dtype=np.int64)
    words = [t.text for t in doc]
    said, mayor = words.index("said"), words.index("Mayor")
    labels[0] = BQ
    labels[1:mayor] = IQ
    labels[mayor] = BS
    labels[mayor + 1 : said] = IS
    labels[said] = BC
    second = said + 2
    labels[second] = BQ
    labels[second + 1 :] = IQ
    [one] = quotedecode.decode(doc, labels)
    assert [text[p.start : p.end] for p in one.parts] == ["“The bridge is ready,”", "“It opens in May.”"]
    assert one.cue is not None and text[one.cue.start : one.cue.end] == "said"
    assert one.source is not None and text[one.source.start : one.source.end] == "Mayor Lena Fisk"


def test_a_cue_takes_one_content_on_each_side_and_fragments_are_dropped(nlp: Any) -> None:
    text = "The council said the ferry will sail on Monday and the harbor reopens."
    doc = nlp(text)
    labels = _labels(doc, {"council": IS, "said": BC})
    labels[0] = BS
    words = [t.text for t in doc]
    labels[words.index("ferry") - 1] = BQ
    labels[words.index("ferry") : words.index("and")] = IQ
    labels[words.index("harbor")] = BQ  # a two-word fragment with no cue of its own
    labels[words.index("reopens")] = IQ
    found = quotedecode.decode(doc, labels)
    assert [[text[p.start : p.end] for p in t.parts] for t in found] == [["the ferry will sail on Monday"]]


def test_cues_tagged_inside_a_quotation_stay_part_of_it(nlp: Any) -> None:
    text = "“We will decide what more can be done,” she said."
    doc = nlp(text)
    words = [t.text for t in doc]
    labels = np.zeros(len(doc), dtype=np.int64)
    close = words.index("”")
    labels[0], labels[1 : close + 1] = BQ, IQ
    labels[words.index("decide")] = BC  # the tagger's mistake inside the quote
    labels[words.index("she")], labels[words.index("said")] = BS, BC
    from storyline.extractors.quotes.marks import quote_spans

    fixed = quotedecode.whole_quotations(doc, labels, quote_spans(text))
    [one] = quotedecode.decode(doc, fixed)
    assert len(one.parts) == 1 and text[one.parts[0].start : one.parts[0].end].startswith("“We will decide")
    assert one.cue is not None and text[one.cue.start : one.cue.end] == "said"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor said the bridge opens in May.", True),
        ("“Yes.”", True),
        ("Agenda: roads", True),
        ("The ferry sailed on time.", False),
    ],
)
def test_may_attribute(text: str, expected: bool) -> None:
    assert quotetiers.may_attribute(text) is expected


class _Pieces:
    """A stand-in tokenizer: one word piece per word."""

    class _Enc:
        def __init__(self, text: str) -> None:
            self.ids = text.split()

    def encode_batch(self, texts: list[str]) -> list[Any]:
        return [self._Enc(t) for t in texts]


def test_segments_keep_paragraphs_apart_and_cut_long_ones_at_sentence_ends() -> None:
    text = "One two three. Four five six.\n\nSeven eight. Nine ten eleven twelve."
    got = [text[a:b] for a, b in quotetiers.segments(text, _Pieces(), max_len=4)]
    assert got == ["One two three.", "Four five six.", "Seven eight.", "Nine ten eleven twelve."]
    got = [text[a:b] for a, b in quotetiers.segments(text, _Pieces(), max_len=8)]
    assert got == ["One two three. Four five six.", "Seven eight. Nine ten eleven twelve."]


def test_a_sentence_with_no_end_is_cut_into_bounded_pieces() -> None:
    text = "word " * 3000
    got = quotetiers.segments(text, _Pieces(), max_len=64)
    assert got and all(b - a <= quotetiers.MAX_SEGMENT_CHARS for a, b in got)
    assert all(0 <= a < b <= len(text) for a, b in got)


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="needs torch (storyline[accurate])")
def test_packed_weights_round_trip_within_int8_precision() -> None:
    import torch

    from storyline.extractors.quotes import minilm

    rng = np.random.default_rng(0)
    state = {
        "layers.0.q.weight": torch.from_numpy(rng.normal(size=(384, 384)).astype(np.float32)),
        "layers.0.q.bias": torch.from_numpy(rng.normal(size=384).astype(np.float32)),
        "words.weight": torch.zeros(4, 4),
    }
    back = minilm.unpack(minilm.pack(state))
    assert "words.weight" not in back  # frozen: read from the MiniLM package
    w, q = state["layers.0.q.weight"], back["layers.0.q.weight"]
    assert float((w - q).abs().max()) <= float(w.abs().max()) / 127 + 1e-6
    assert torch.equal(back["layers.0.q.bias"], state["layers.0.q.bias"])


def test_quality_is_fast_or_accurate(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_options(config="/nonexistent.toml").quality == "fast"
    monkeypatch.setenv("STORYLINE_QUALITY", "accurate")
    assert load_options(config="/nonexistent.toml").quality == "accurate"
    monkeypatch.setenv("STORYLINE_QUALITY", "best")
    with pytest.raises(UsageError, match="quality"):
        load_options(config="/nonexistent.toml")


def test_a_pronoun_skips_back_past_a_mention_whose_title_disagrees(nlp: Any) -> None:
    from storyline.extractors import entities
    from storyline.extractors.quotes.speakers import Speakers
    from storyline.records import Article

    text = "Ms. Lena Fisk met Mr. Tom Arden on Monday. She said the bridge would open."
    doc = nlp(text)
    mentions = entities.mentions(doc, Article(id="t", body=text))
    she = next(t for t in doc if t.text == "She")
    name, mention = Speakers(mentions, [], text).resolve(she)
    assert mention is not None and "Fisk" in name
