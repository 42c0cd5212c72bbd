"""The one settings record, read once from flags, environment and an optional config file.

Precedence: explicit arguments > environment (``STORYLINE_*``) > config file > defaults.
The config file is ``storyline.toml`` in the working directory or the path in
``STORYLINE_CONFIG``; its keys are the field names below.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import UsageError

DEFAULT_MODELS = ("en_core_web_sm",)
QUALITIES = ("fast", "accurate")


@dataclass(frozen=True, slots=True)
class Options:
    db: str = "storyline.db"  # SQLite path, or postgresql://… URL
    model: str = "en_core_web_sm"
    batch_size: int = 32
    n_process: int = 0  # extraction worker processes; 0: one per core, bounded by memory (extractors/workers.py)
    max_bytes: int = 20_000_000  # larger inputs are refused, not truncated
    allow_private: bool = False  # allow URL ingest from loopback / private hosts
    fetch: bool = False  # fetch each feed entry's page
    timeout: float = 20.0  # seconds per HTTP request
    extract: bool = True  # run extraction at ingest
    cluster: bool = True  # assign stories at ingest
    regroup: bool = True  # after each ingest batch, recluster the stories it touched
    dedup_threshold: float = 0.8  # MinHash Jaccard for near-duplicates
    story_threshold: float = 0.3  # similarity to join an existing story
    story_background: str = "builtin"  # document frequencies of other news: builtin, none, or a file
    summary_sentences: int = 5
    token: str | None = None  # write token for the HTTP API
    quality: str = "fast"  # quote tagger: fast (CRF over the parse) or accurate (MiniLM; storyline[accurate])

    def replace(self, **changes: Any) -> Options:
        return dataclasses.replace(self, **changes)


def _coerce(name: str, raw: Any) -> Any:
    kind = {f.name: f.type for f in dataclasses.fields(Options)}[name]
    try:
        if "bool" in str(kind):
            if isinstance(raw, bool):
                return raw
            return str(raw).strip().lower() in {"1", "true", "yes", "on"}
        if "int" in str(kind):
            return int(raw)
        if "float" in str(kind):
            return float(raw)
    except ValueError as exc:
        raise UsageError(f"setting {name!r}: cannot read {raw!r} ({exc})") from exc
    return raw


def load_options(config: str | Path | None = None, **overrides: Any) -> Options:
    """Build the Options from defaults, config file, environment, then ``overrides``."""
    values: dict[str, Any] = {}
    names = {f.name for f in dataclasses.fields(Options)}
    path = Path(config or os.environ.get("STORYLINE_CONFIG", "storyline.toml"))
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"{path}: not a readable TOML config ({exc})") from exc
        data = data.get("storyline", data)
        unknown = set(data) - names
        if unknown:
            raise UsageError(f"{path}: unknown settings {sorted(unknown)}; known: {sorted(names)}")
        values.update({k: _coerce(k, v) for k, v in data.items()})
    for name in names:
        env = os.environ.get(f"STORYLINE_{name.upper()}")
        if env is not None:
            values[name] = _coerce(name, env)
    values.update({k: v for k, v in overrides.items() if v is not None})
    if values.get("quality", "fast") not in QUALITIES:
        raise UsageError(f"setting 'quality': {values['quality']!r} is not one of {', '.join(QUALITIES)}")
    return Options(**values)
