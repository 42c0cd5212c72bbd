"""Where the seed reports are (read in place, never copied) and their file names."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
NEWSNATION = "000_20ef912349ef2016.txt"
CNN = "002_4d7f50bd38428e0a.txt"
