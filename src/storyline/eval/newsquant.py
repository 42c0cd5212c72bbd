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
from ..extract.dates import dates
from ..extract.figures import figures
from ..extract.nlp import load_nlp
from ..options import Options
from ..records import Article, Figure

DEFAULT = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "newsquant" / "newsquant-dev.json"

_IRREGULAR = {"people": "people", "feet": "foot", "men": "man", "women": "woman", "children": "child",
              "teeth": "tooth", "mice": "mouse", "geese": "goose", "inches": "inch", "series": "series",
              "species": "species", "news": "news", "gas": "gas", "bus": "bus", "plus": "plus", "us": "us",
              "lbs": "lb", "mph": "mph", "kms": "km"}  # fmt: skip
_TO_GOLD = {"percent": "percentage", "%": "percentage", "year-old": "year of age", "times": "count",
            "pound": "pound sterling", "hp": "horsepower", "bhp": "brake horsepower", "gb": "gigabyte",
            "mb": "megabyte", "tb": "terabyte", "kw": "kilowatt", "mm": "millimetre", "cm": "centimetre",
            "km": "kilometre", "kg": "kilogram", "km/h": "kilometre per hour", "mph": "mile per hour",
            "rpm": "revolutions per minute", "g": "generation wireless", "ft": "foot",
            "min": "minute", "sec": "second", "lb": "pound-mass", "lb-ft": "foot pound-force",
            "pound-feet": "pound-foot", "khz": "kilohertz", "mbps": "megabit per second", "l": "litre",
            "p": "point", "degrees celsius": "celsius", "degrees fahrenheit": "fahrenheit", "nm": "newton metre",
            "ringgit": "malaysian ringgit", "miles per hour": "mile per hour", "liter": "litre"}  # fmt: skip


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


def _gold_value(raw: str) -> tuple[float, float] | None:
    m = re.fullmatch(r"\s*(-?[\d.]+(?:e[+-]?\d+)?)\s*(?:-\s*([\d.]+(?:e[+-]?\d+)?))?\s*", str(raw))
    if not m:
        return None
    low = float(m.group(1))
    return low, float(m.group(2)) if m.group(2) else low


def _same(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b))


def _value_match(fig: Figure, gold: tuple[float, float]) -> bool:
    low, high = gold
    if low != high:
        return fig.low is not None and fig.high is not None and _same(fig.low, low) and _same(fig.high, high)
    return _same(fig.value, low)


def _unit_match(fig: Figure, quantity: dict[str, Any]) -> bool:
    ours = unit_key(fig.unit)
    first, _, rest = (fig.unit or "").partition(" ")
    mapped = _TO_GOLD.get(first.lower(), first) + (f" {rest}" if rest else "")
    ours_gold = unit_key(_TO_GOLD.get((fig.unit or "").lower(), mapped))
    golds = {unit_key(quantity.get("normalized_unit")), unit_key(quantity.get("unit"))}
    return bool({ours, ours_gold} & golds)


def match_sentence(preds: list[Figure], quantities: list[dict[str, Any]]) -> tuple[int, int]:
    """(value matches, value+unit matches), each one-to-one, for one sentence."""
    golds = [(q, _gold_value(q.get("value", ""))) for q in quantities]

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


def score_figures(path: str | Path | None = None, options: Options | None = None) -> dict[str, Any]:
    """Value F1 and value+unit F1 of ``figures()`` on a NewsQuant-style JSON file."""
    options = options or Options()
    source = Path(path) if path is not None else DEFAULT
    try:
        items = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(source), f"not a readable NewsQuant JSON file ({exc})",
                         "pass --data with a JSON list of {text, quantities}") from exc  # fmt: skip
    if not isinstance(items, list):
        raise InputError(str(source), "expected a JSON list of sentences")
    nlp = load_nlp(options.model)
    texts = [str(item.get("text", "")) for item in items]
    n_pred = n_gold = hits = unit_hits = 0
    for i, (item, doc) in enumerate(zip(items, nlp.pipe(texts, batch_size=options.batch_size), strict=True)):
        article = Article(id=f"nq{i}", body=texts[i])
        found = figures(doc, article, dates(doc, article, None))
        quantities = list(item.get("quantities") or [])
        v, vu = match_sentence(found, quantities)
        n_pred += len(found)
        n_gold += len(quantities)
        hits += v
        unit_hits += vu
    p, r, f = _f1(hits, n_pred, n_gold)
    _, _, fu = _f1(unit_hits, n_pred, n_gold)
    return {"value_f1": round(f, 4), "value_unit_f1": round(fu, 4), "precision": round(p, 4),
            "recall": round(r, 4), "n": n_gold, "n_pred": n_pred, "sentences": len(items)}  # fmt: skip
