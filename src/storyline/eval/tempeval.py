"""Score the date extractor on TempEval-3 TimeML files (normalized-value F1, as in TempEval-3).

Each ``.tml`` file under the folder (searched recursively) is one article: its text is the
``TEXT`` element with the markup removed, its reference date the ``DCT``. A predicted time
expression matches a gold ``TIMEX3`` when their character spans overlap (one-to-one, largest
overlap first); a match is correct when the normalized values are equal. ``precision`` is over
all predictions, ``recall`` over all gold. Week numbers compare without zero padding
(``2000-W8`` == ``2000-W08``): the gold writes both.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..extractors.dates import dates
from ..extractors.nlp import load_nlp
from ..options import Options
from ..records import Article

DEFAULT = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "tempeval3"


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    value: str
    type: str


def read_tml(path: Path) -> tuple[str, str | None, list[Timex]]:
    """(text, DCT as YYYY-MM-DD, gold TIMEX3s with offsets into the text) of one TimeML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(str(path), f"not a readable TimeML file ({exc})") from exc
    dct_el = root.find(".//DCT/TIMEX3")
    dct = (dct_el.get("value") or "")[:10] if dct_el is not None else None
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise InputError(str(path), "no TEXT element", "is this a TimeML .tml file?")
    parts: list[str] = []
    gold: list[Timex] = []
    size = 0

    def walk(el: ET.Element) -> None:
        nonlocal size
        if el.text:
            parts.append(el.text)
            size += len(el.text)
        for child in el:
            start = size
            walk(child)
            if child.tag == "TIMEX3" and child.get("value"):
                gold.append(Timex(start, size, child.get("value", ""), child.get("type", "DATE")))
            if child.tail:
                parts.append(child.tail)
                size += len(child.tail)

    walk(text_el)
    return "".join(parts), dct, gold


def _canon(value: str | None) -> str | None:
    return re.sub(r"-W0(\d)\b", r"-W\1", value) if value else value


def match(pred: list[tuple[int, int, str | None]], gold: list[Timex]) -> tuple[int, int]:
    """(span matches, value-correct matches) between one document's predictions and gold."""
    pairs = []
    for i, (ps, pe, _) in enumerate(pred):
        for j, g in enumerate(gold):
            overlap = min(pe, g.end) - max(ps, g.start)
            if overlap > 0:
                pairs.append((-overlap, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    spans = correct = 0
    for _, i, j in sorted(pairs):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        spans += 1
        correct += _canon(pred[i][2]) == _canon(gold[j].value)
    return spans, correct


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_dates(
    path: str | Path | None = None, options: Options | None = None, files: list[Path] | None = None
) -> dict[str, Any]:
    """Normalized-value F1 of ``dates()`` over every ``.tml`` file under ``path``, also for the two
    fixed halves of the sorted file list (``even_value_f1``: files 0, 2, 4, …; ``odd_value_f1``)."""
    options = options or Options()
    root = Path(path) if path is not None else DEFAULT
    if files is None:
        if not root.exists():
            raise InputError(str(root), "no such folder", "pass --data with a folder of .tml files")
        files = sorted(root.rglob("*.tml"))
    if not files:
        raise InputError(str(root), "no .tml files found", "pass a folder of TimeML files")
    docs = [read_tml(f) for f in files]
    nlp = load_nlp(options.model)
    counts = [[0, 0, 0, 0], [0, 0, 0, 0]]  # per half (even, odd file): predicted, gold, spans, correct
    texts = (text for text, _, _ in docs)
    for i, ((text, dct, gold), doc, f) in enumerate(
        zip(docs, nlp.pipe(texts, batch_size=options.batch_size), files, strict=True)
    ):
        article = Article(id=f.stem, body=text, published=dct)
        pred = [(t.start, t.end, t.value) for t in dates(doc, article, dct)]
        s, c = match(pred, gold)
        for k, add in enumerate((len(pred), len(gold), s, c)):
            counts[i % 2][k] += add
    n_pred, n_gold, spans, correct = (a + b for a, b in zip(*counts, strict=True))
    precision = correct / n_pred if n_pred else 0.0
    recall = correct / n_gold if n_gold else 0.0
    span_p = spans / n_pred if n_pred else 0.0
    span_r = spans / n_gold if n_gold else 0.0
    out: dict[str, Any] = {
        "value_f1": round(_f1(precision, recall), 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "span_f1": round(_f1(span_p, span_r), 4),
        "n": n_gold,
        "n_pred": n_pred,
        "documents": len(files),
    }
    for name, (hp, hg, _, hc) in zip(("even", "odd"), counts, strict=True):
        out[f"{name}_value_f1"] = round(_f1(hc / hp if hp else 0.0, hc / hg if hg else 0.0), 4)
    return out
