"""Front ends reach the stages only through ``storyline.api`` (#21): the CLI and the web app import
the library door, the records, errors, options, the store's query types and presentation, never a
stage package directly; comparison builds records and never renders."""

from __future__ import annotations

import ast
from pathlib import Path

import storyline

ROOT = Path(storyline.__file__).parent
STAGES = {"cluster", "compare", "extractors", "readers", "eval"}


def _imports(path: Path) -> set[str]:
    """First component (under storyline) of every module the file imports, relative or absolute."""
    package = path.relative_to(ROOT.parent).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                parts = base + (node.module.split(".") if node.module else [])
                names = [parts] if node.module else [[*base, a.name] for a in node.names]
            elif (node.module or "").startswith("storyline"):
                names = [node.module.split(".")]
            else:
                continue
            found.update(p[1] for p in names if len(p) > 1)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("storyline."))
    return found


def test_front_ends_import_no_stage_package():
    front = [ROOT / "cli.py", ROOT / "export.py", *sorted((ROOT / "web").glob("*.py"))]
    wrong = {p.name: sorted(_imports(p) & STAGES) for p in front}
    assert not {k: v for k, v in wrong.items() if v}


def test_comparison_does_not_render():
    wrong = {p.name: sorted(_imports(p) & {"present", "web"}) for p in (ROOT / "compare").glob("*.py")}
    assert not {k: v for k, v in wrong.items() if v}
    rich = [p.name for p in (ROOT / "compare").glob("*.py") if "rich" in _third_party(p)]
    assert not rich


def _third_party(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    out |= {
        n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level
    }
    return out


def test_web_routers_share_plumbing_not_the_app():
    """app.py builds the app from the routers; a router importing app.py back makes a cycle."""
    routers = [p for p in (ROOT / "web").glob("*.py") if p.name not in {"app.py", "__init__.py", "server.py"}]
    cyclic = [p.name for p in routers if "from .app import" in p.read_text(encoding="utf-8")]
    assert not cyclic
