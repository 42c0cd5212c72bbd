"""Golden-file comparison with a readable diff; STORYLINE_UPDATE_GOLDEN=1 rewrites the file."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def check_golden(name: str, actual: Any) -> None:
    path = GOLDEN / name
    text = json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("STORYLINE_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if expected != text:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(path), "actual"))
        raise AssertionError(
            f"{name} differs from the golden file (hand-check, then STORYLINE_UPDATE_GOLDEN=1):\n{diff}"
        )
