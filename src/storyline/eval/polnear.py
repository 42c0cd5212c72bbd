"""Scoring quote extraction on a PolNeAR split (see ../shared/eval/README.md, "Quotes").

Gold: every attribution (brat ``E`` line) with a Content span; several Content spans count once,
joined (the union of their characters). A prediction is a ``same_as`` group of Quotes in one
article (the parts of one statement), its characters the union of the parts. Matching: |gold ∩
pred| ≥ 0.8 × max(|gold|, |pred|), one-to-one, best overlap first. Speaker accuracy: among matched
pairs whose gold has a Source, the share whose predicted speaker span overlaps a Source span.

Each ``.ann`` file is scored against its text (a split holds a few texts annotated by several
annotators, ``<stem>_<annotator>.ann``; each annotation counts, as its E lines are all gold).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..options import Options
from ..records import Article, Quote

__all__ = ["DEFAULT_PATH", "Gold", "load_split", "match", "predict", "score_quotes"]

DEFAULT_PATH = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "polnear" / "dev"
THRESHOLD = 0.8

_T = re.compile(r"^(T\d+)\t(\S+) ([\d; ]+)\t", re.M)
_E = re.compile(r"^E\d+\t(.*)$", re.M)

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Gold:
    content: Spans
    source: Spans
    cue: Spans = ()


def _merge(spans: Iterable[tuple[int, int]]) -> Spans:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)


def _size(spans: Spans) -> int:
    return sum(e - s for s, e in spans)


def _overlap(a: Spans, b: Spans) -> int:
    total = 0
    for s1, e1 in a:
        for s2, e2 in b:
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


def parse_ann(ann: str) -> list[Gold]:
    spans = {
        m.group(1): (m.group(2), [tuple(map(int, p.split())) for p in m.group(3).split(";")]) for m in _T.finditer(ann)
    }
    golds = []
    for m in _E.finditer(ann):
        roles: dict[str, list[tuple[int, int]]] = {}
        for arg in m.group(1).split():
            role, _, ref = arg.partition(":")
            if ref in spans:
                roles.setdefault(re.sub(r"\d+$", "", role), []).extend((s, e) for s, e in spans[ref][1])  # type: ignore[misc]
        if roles.get("Content"):
            golds.append(Gold(_merge(roles["Content"]), _merge(roles.get("Source", [])), _merge(roles.get("Cue", []))))
    return golds


def load_split(path: str | Path) -> list[tuple[str, str, list[Gold]]]:
    """(annotation stem, text, gold attributions) for each ``attributions/*.ann`` of a split folder."""
    root = Path(path)
    texts, anns = root / "text", root / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise InputError(str(root), "not a PolNeAR split (needs text/ and attributions/)", "pass --data PATH")
    out = []
    for ann in sorted(anns.glob("*.ann")):
        txt = texts / f"{ann.stem}.txt"
        if not txt.is_file():
            txt = texts / f"{ann.stem.rsplit('_', 1)[0]}.txt"
        if not txt.is_file():
            raise InputError(str(ann), f"no text file {txt.name} in {texts}", "restore the split's text/ folder")
        out.append((ann.stem, txt.read_text(encoding="utf-8"), parse_ann(ann.read_text(encoding="utf-8"))))
    return out


_MARKS = "\"“”'‘’«»`"


def _with_marks(q: Quote, text: str) -> tuple[int, int]:
    """A direct quote's span widened over its quotation marks (PolNeAR's Content includes them)."""
    start, end = q.start, q.end
    if not q.direct or not text:
        return start, end
    while start > 0 and text[start - 1] in _MARKS:
        start -= 1
    while end < len(text) and text[end] in _MARKS + ",.?!" and end - q.end < 4:
        end += 1
    return start, end


def groups(quotes: Sequence[Quote], text: str = "") -> list[tuple[Spans, Spans]]:
    """Predictions: (content spans, speaker spans) for each ``same_as`` group of quotes.

    With ``text``, direct quotes are compared with their quotation marks (as PolNeAR marks them).
    """
    index = {q.id: i for i, q in enumerate(quotes)}
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, q in enumerate(quotes):
        for other in q.same_as:
            if other in index:
                parent[find(i)] = find(index[other])
    bucket: dict[int, list[Quote]] = {}
    for i, q in enumerate(quotes):
        bucket.setdefault(find(i), []).append(q)
    out = []
    for qs in bucket.values():
        content = _merge(_with_marks(q, text) for q in qs)
        speaker = _merge(
            (q.speaker_start, q.speaker_end) for q in qs if q.speaker_start is not None and q.speaker_end is not None
        )
        out.append((content, speaker))
    return out


def match(golds: Sequence[Gold], preds: Sequence[tuple[Spans, Spans]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs at ≥ 0.8 overlap, best overlap first."""
    pairs = []
    for gi, g in enumerate(golds):
        for pi, (content, _speaker) in enumerate(preds):
            inter = _overlap(g.content, content)
            if inter and inter >= THRESHOLD * max(_size(g.content), _size(content)):
                pairs.append((inter, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _inter, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def predict(texts: Sequence[str], options: Options) -> list[list[Quote]]:
    """The real extraction (one spaCy pass, entities then quotes) over each text."""
    from ..extractors import entities, quotes
    from ..extractors.nlp import load_nlp

    nlp = load_nlp(options.model)
    out = []
    docs = nlp.pipe(texts, batch_size=options.batch_size, n_process=max(1, options.n_process))
    for n, (text, doc) in enumerate(zip(texts, docs, strict=True)):
        article = Article(id=f"d{n}", body=text)
        out.append(quotes.quotes(doc, article, entities.mentions(doc, article), quality=options.quality))
    return out


def score(items: Sequence[tuple[list[Gold], list[Quote], str]]) -> dict[str, Any]:
    """Metrics over (gold, predicted quotes, text) per annotation file."""
    n_gold = n_pred = n_match = with_source = speaker_ok = 0
    for golds, quotes, text in items:
        preds = groups(quotes, text)
        pairs = match(golds, preds)
        n_gold += len(golds)
        n_pred += len(preds)
        n_match += len(pairs)
        for gi, pi in pairs:
            if golds[gi].source:
                with_source += 1
                speaker_ok += _overlap(golds[gi].source, preds[pi][1]) > 0
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "content_f1": round(f1, 4),
        "content_precision": round(precision, 4),
        "content_recall": round(recall, 4),
        "speaker_accuracy": round(speaker_ok / with_source, 4) if with_source else 0.0,
        "n": n_gold,
        "n_predicted": n_pred,
        "n_matched": n_match,
    }


def score_quotes(path: str | Path | None, options: Options) -> dict[str, Any]:
    """Quote content F1 and speaker accuracy on the PolNeAR split at ``path`` (default: dev), with
    the tier used and the same figures on the split's two fixed halves (texts in sorted order,
    alternating: ``half_a`` the even ones, ``half_b`` the odd ones)."""
    split = load_split(path or DEFAULT_PATH)
    unique = sorted({text for _stem, text, _gold in split})
    predicted = dict(zip(unique, predict(unique, options), strict=True))
    half = {text: "half_a" if n % 2 == 0 else "half_b" for n, text in enumerate(unique)}
    out: dict[str, Any] = score([(gold, predicted[text], text) for _stem, text, gold in split])
    out["quality"] = options.quality
    for name in ("half_a", "half_b"):
        out[name] = score([(gold, predicted[text], text) for _stem, text, gold in split if half[text] == name])
    return out
