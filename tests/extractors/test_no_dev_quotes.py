"""No comment or docstring in the figure and date extractors quotes the dev gold (docs/generalization.md).

A quoted example (``"..."`` or double backticks) that holds a digit or six words or more must not
be found in any NewsQuant, Recognizers or TempEval dev text: examples describe a pattern in words
of our own. Short common phrases ("a year earlier") name the pattern itself and are allowed.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from functools import lru_cache
from pathlib import Path

import pytest

from storyline.eval.tempeval import read_tml

pytestmark = pytest.mark.shared

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / ".." / "shared" / "eval"
MODULES = [
    *sorted((ROOT / "src" / "storyline" / "extractors" / "figures").glob("*.py")),
    *sorted((ROOT / "src" / "storyline" / "extractors" / "dates").glob("*.py")),
    ROOT / "src" / "storyline" / "eval" / "newsquant.py",
    ROOT / "src" / "storyline" / "eval" / "tempeval.py",
]


@lru_cache(maxsize=1)
def _dev_text() -> str:
    texts = [
        str(item.get("text", ""))
        for f in sorted((EVAL / "newsquant").glob("*.json"))
        for item in json.loads(f.read_text("utf-8"))
    ]
    texts += [read_tml(f)[0] for f in sorted((EVAL / "tempeval3").rglob("*.tml"))]
    return "\n".join(re.sub(r"\s+", " ", t).lower() for t in texts)


def _examples(path: Path) -> list[tuple[int, str]]:
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline):
        if tok.type == tokenize.COMMENT or (
            tok.type == tokenize.STRING and tok.string.lstrip("rbuf").startswith('"""')
        ):
            for m in re.finditer(r'``([^`]+)``|"([^"\n]+)"|“([^”]+)”', tok.string):
                out.append((tok.start[0], next(g for g in m.groups() if g)))
    return out


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_examples_in_comments_are_not_dev_sentences(module: Path) -> None:
    dev = _dev_text()
    quoted = []
    for line, example in _examples(module):
        key = re.sub(r"\s+", " ", example).lower().strip()
        distinctive = bool(re.search(r"\d", key)) or len(key.split()) >= 6
        if distinctive and re.search(r"[a-z]", key) and len(key) >= 6 and key in dev:
            quoted.append(f"{module.name}:{line}: {example!r}")
    assert not quoted, "examples found verbatim in the dev gold; write your own:\n" + "\n".join(quoted)
