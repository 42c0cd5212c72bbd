"""The bundled fictional demo corpus (examples/demo) and a fresh store to run it into."""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError


def demo_corpus() -> Path:
    """The demo folder of a source checkout (the README installs storyline editable from one)."""
    here = Path(__file__).resolve()
    for root in (here.parents[2], Path.cwd()):
        folder = root / "examples" / "demo"
        if folder.is_dir():
            return folder
    raise UsageError(
        "the demo corpus (examples/demo) was not found: run `storyline demo` from a storyline source "
        "checkout installed with `pip install -e .`"
    )


def reset_store(path: str) -> None:
    """Delete a previous demo store so every demo run starts fresh."""
    if path.startswith(("postgres://", "postgresql://")) or path == ":memory:":
        raise UsageError(f"{path}: the demo only writes a fresh SQLite file; pass --db FILE.db")
    for suffix in ("", "-wal", "-shm"):
        Path(path + suffix).unlink(missing_ok=True)
