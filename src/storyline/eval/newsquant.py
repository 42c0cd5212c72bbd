"""Score the figure extractor on NewsQuant (value F1 and value+unit F1, as CQE reports them).

Each item of the JSON list is one sentence with its gold quantities. The real extractor runs on
each sentence (one spaCy doc each, ``nlp.pipe`` batched). Per sentence, a predicted figure
matches a gold quantity when the values are equal (relative difference < 1e-6), one-to-one;
a gold range ``"1000-10000"`` (vague plurals, "thousands") matches a figure whose ``low``–``high``
is that range. ``value_unit_f1`` also needs the unit to equal the gold ``normalized_unit`` or
``unit`` after lower-casing and singularizing (gold ``-`` = no unit). Our units are mapped to the
gold's vocabulary first: ``percent`` → ``percentage``, ``year-old`` → ``year of age``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..extractors.dates import dates
from ..extractors.figures import figures
from ..extractors.nlp import load_nlp
from ..options import Options
from ..records import Article, Figure

DEFAULT = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "newsquant" / "newsquant-dev.json"

_IRREGULAR = {"people": "people", "feet": "foot", "men": "man", "women": "woman", "children": "child",
              "teeth": "tooth", "mice": "mouse", "geese": "goose", "inches": "inch", "series": "series",
              "species": "species", "news": "news", "gas": "gas", "bus": "bus", "plus": "plus", "us": "us",
              "lbs": "lb", "mph": "mph", "kms": "km"}  # fmt: skip
# Our unit names (pint's, CLDR's currency names, "percent", "year of age") in the gold's vocabulary,
# which spells British and names a few units its own way. Vocabulary only: no unit is guessed here.
_TO_GOLD = {"percent": "percentage", "us dollar": "dollar", "british pound": "pound sterling", "pound": "pound-mass",
            "degree celsius": "celsius", "degree fahrenheit": "fahrenheit", "foot pound": "foot pound-force",
            "million british thermal unit": "mega british thermal unit", "laotian kip": "lao kip",
            "times": "count"}  # fmt: skip
_SPELLING = ((r"meter\b", "metre"), (r"liter\b", "litre"))


def to_gold(unit: str) -> str:
    """One of our unit names in the gold's vocabulary; a rate maps each side."""
    out = []
    for part in unit.lower().split(" per "):
        part = _TO_GOLD.get(part, part)
        for pattern, repl in _SPELLING:
            part = re.sub(pattern, repl, part)
        out.append(part)
    return " per ".join(out)


def singular(word: str) -> str:
    """A plain English singular, enough to compare unit words ("countries" → "country")."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and re.search(r"(?:ss|sh|ch|x|z)es$", w):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def unit_key(unit: str | None) -> str:
    """Lower-case, singular form of a unit for comparison; None and "-" are both "-"."""
    if not unit or unit.strip() in ("-", ""):
        return "-"
    words = re.split(r"\s+", unit.strip().lower())
    return " ".join(singular(w) for w in words)


_GOLD_NUMBER = r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_GOLD_VALUE = re.compile(rf"\s*({_GOLD_NUMBER})\s*(?:-\s*({_GOLD_NUMBER}))?\s*")


def gold_value(raw: object) -> tuple[float, float] | None:
    """A gold value as (low, high): ``"7000.0"``, ``"1E-08"`` (either case), ``"1000-10000"``.

    A range is an interval whichever bound is written first: a change "from A to B" is labelled
    ``A-B`` even when B < A."""
    m = _GOLD_VALUE.fullmatch(str(raw))
    if not m:
        return None
    try:
        low = float(m.group(1))
        high = float(m.group(2)) if m.group(2) else low
    except ValueError:
        return None
    return (low, high) if low <= high else (high, low)


def _same(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b))


def _value_match(fig: Figure, gold: tuple[float, float]) -> bool:
    low, high = gold
    if low != high:
        return fig.low is not None and fig.high is not None and _same(fig.low, low) and _same(fig.high, high)
    return _same(fig.value, low)


def _unit_match(fig: Figure, quantity: dict[str, Any]) -> bool:
    golds = {unit_key(quantity.get("normalized_unit")), unit_key(quantity.get("unit"))}
    return bool({unit_key(fig.unit), unit_key(to_gold(fig.unit or "-"))} & golds)


def match_sentence(preds: list[Figure], quantities: list[dict[str, Any]]) -> tuple[int, int]:
    """(value matches, value+unit matches), each one-to-one, for one sentence."""
    golds = [(q, gold_value(q.get("value", ""))) for q in quantities]

    def count(need_unit: bool) -> int:
        used: set[int] = set()
        hits = 0
        for q, gv in golds:
            if gv is None:
                continue
            for i, p in enumerate(preds):
                if i not in used and _value_match(p, gv) and (not need_unit or _unit_match(p, q)):
                    used.add(i)
                    hits += 1
                    break
        return hits

    return count(False), count(True)


def _f1(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _read(source: Path) -> list[dict[str, Any]]:
    try:
        items = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(source), f"not a readable NewsQuant JSON file ({exc})",
                         "pass --data with a JSON list of {text, quantities}") from exc  # fmt: skip
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise InputError(str(source), "expected a JSON list of sentences", "each item: {text, quantities}")
    return items


def _metrics(counts: list[int]) -> dict[str, float]:
    hits, unit_hits, n_pred, n_gold = counts
    p, r, f = _f1(hits, n_pred, n_gold)
    _, _, fu = _f1(unit_hits, n_pred, n_gold)
    return {"value_f1": round(f, 4), "value_unit_f1": round(fu, 4), "precision": round(p, 4), "recall": round(r, 4)}


def predict(items: list[dict[str, Any]], options: Options | None = None) -> list[list[Figure]]:
    """The figures found in each item's sentence (one spaCy doc each, ``nlp.pipe`` batched)."""
    options = options or Options()
    nlp = load_nlp(options.model)
    texts = [str(item.get("text", "")) for item in items]
    out = []
    for i, doc in enumerate(nlp.pipe(texts, batch_size=options.batch_size)):
        article = Article(id=f"nq{i}", body=texts[i])
        out.append(figures(doc, article, dates(doc, article, None)))
    return out


def score_figures(path: str | Path | None = None, options: Options | None = None) -> dict[str, Any]:
    """Value F1 and value+unit F1 of ``figures()`` on a NewsQuant-style JSON file.

    The metrics are also given for the two fixed halves of the file (``even_*``: sentences 0, 2,
    4, …; ``odd_*``: 1, 3, 5, …), the halves rules are written on and checked against
    (docs/generalization.md). A folder is scored file by file: ``{file stem: metrics}``."""
    source = Path(path) if path is not None else DEFAULT
    if source.is_dir():
        files = sorted(source.glob("*.json"))
        if not files:
            raise InputError(str(source), "no .json files found", "pass a NewsQuant JSON file or a folder of them")
        return {f.stem: score_figures(f, options) for f in files}
    items = _read(source)
    counts = [[0, 0, 0, 0], [0, 0, 0, 0]]  # per half: value hits, value+unit hits, predicted, gold
    for i, (item, found) in enumerate(zip(items, predict(items, options), strict=True)):
        quantities = list(item.get("quantities") or [])
        v, vu = match_sentence(found, quantities)
        for k, add in enumerate((v, vu, len(found), len(quantities))):
            counts[i % 2][k] += add
    total = [a + b for a, b in zip(*counts, strict=True)]
    out: dict[str, Any] = _metrics(total)
    out |= {"n": total[3], "n_pred": total[2], "sentences": len(items)}
    for name, half in zip(("even", "odd"), counts, strict=True):
        m = _metrics(half)
        out |= {f"{name}_value_f1": m["value_f1"], f"{name}_value_unit_f1": m["value_unit_f1"]}
    return out
