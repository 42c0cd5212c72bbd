"""Draw comparison entries at random from a realistic multi-outlet set, for a hand check of junk.

The ECB+ dev topics (2, 5, 12, 18, 21, 23, 34, 35; ../shared/eval/ecbplus, read in place) go through
``storyline.ingest`` as text files (extraction and clustering on, as a user's ingest), outlets from
the source URL an ``ecbplus`` file starts with. Every story of two or more articles is compared;
``--unique`` unique entries and ``--agreed`` agreed entries are drawn with a fixed seed and written
to ``--out`` (outside the repository: the text is the corpus's) for a person to mark each as a fact
worth showing or junk. ``--labels FILE`` prints the junk share of the drawn entries that carry a
label (entry key -> "ok" | "junk"; ``benchmarks/junk_labels.json`` holds the hand check of issue #15
under "before" (the comparison before it) and "after": ``--which`` picks one).

    python benchmarks/junk_sample.py --out /tmp/junk_sample.txt [--labels benchmarks/junk_labels.json]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from storyline.api import ingest
from storyline.compare.report import build_story
from storyline.eval.ecb import read_document
from storyline.options import Options
from storyline.store import open_store

ROOT = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "ecbplus"
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)


def outlet_of(path: Path) -> str | None:
    """The host of the URL an ``ecbplus`` file starts with (sentence 0), as its outlet."""
    import xml.etree.ElementTree as ET

    words = [t.text or "" for t in ET.parse(path).getroot().iter("token") if t.get("sentence") == "0"]
    url = "".join(words).strip()
    host = urlparse(url if "://" in url else f"http://{url}").hostname or ""
    host = host.removeprefix("www.")
    return host.split(".")[-2] if host.count(".") >= 1 else None


def entries(db: str) -> tuple[list[dict], list[dict]]:
    store = open_store(db)
    unique, agreed = [], []
    for row in store.stories(limit=10_000):
        story = build_story(store, row.id, Options(db=db))
        if len(story.articles) < 2:
            continue
        facts = {x.id: x for x in (*story.quotes, *story.figures, *story.events)}
        names = {e.id: e for e in story.entities}
        c = story.comparison

        def show(items: tuple[str, ...], text: str, kind: str, facts=facts, names=names, story=story) -> dict:
            extra = []
            for i in items:
                f = facts.get(i)
                if f is not None and hasattr(f, "speaker"):
                    extra.append(f"speaker={getattr(f, 'speaker', None)!r} direct={getattr(f, 'direct', None)}")
                if f is not None and hasattr(f, "unit"):
                    extra.append(f"figure={f.text!r} unit={getattr(f, 'unit', None)!r}")
                if i in names:
                    extra.append(f"entity type={names[i].type}")
            return {"key": f"{story.id}|{kind}|{','.join(items)}", "kind": kind, "text": text, "extra": extra}

        for us in c.unique.values():
            for u in us:
                items = tuple(getattr(u, "items", ()) or ((u.item,) if getattr(u, "item", None) else ()))
                unique.append(show(items, u.text, u.kind))
        for a in c.agreed:
            agreed.append(show(tuple(a.items), a.text, a.kind))
    return unique, agreed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--unique", type=int, default=100)
    parser.add_argument("--agreed", type=int, default=50)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--labels", type=Path)
    parser.add_argument("--which", default="after", help="the label set of a labels file that holds several")
    parser.add_argument("--db", help="reuse a store already ingested by this script")
    args = parser.parse_args()
    db = args.db
    if db is None:
        tmp = Path(tempfile.mkdtemp(prefix="storyline-junk-"))
        lines = []
        for topic in DEV_TOPICS:
            for f in sorted((ROOT / str(topic)).glob("*.xml")):
                _, text = read_document(f)
                outlet = outlet_of(f) if f.name.endswith("ecbplus.xml") else None
                lines.append(json.dumps({"body": text, "outlet": outlet, "url": f"file:{f.stem}"}))
        path = tmp / "ecb_dev.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        db = str(tmp / "junk.db")
        ingest([str(path)], options=Options(db=db))
        print(f"ingested {len(lines)} documents into {db}")
    unique, agreed = entries(db)
    rng = random.Random(args.seed)
    drawn = rng.sample(unique, min(args.unique, len(unique))) + rng.sample(agreed, min(args.agreed, len(agreed)))
    with args.out.open("w", encoding="utf-8") as f:
        for n, e in enumerate(drawn):
            status = "unique" if n < min(args.unique, len(unique)) else "agreed"
            f.write(json.dumps({"n": n, "status": status, **e}, ensure_ascii=False) + "\n")
    print(f"{len(unique)} unique and {len(agreed)} agreed entries; drew {len(drawn)} to {args.out}")
    if args.labels:
        labels = json.loads(args.labels.read_text(encoding="utf-8"))
        labels = labels.get(args.which, labels)
        for status, part in (("unique", drawn[: args.unique]), ("agreed", drawn[args.unique :])):
            marked = [labels[e["key"]] for e in part if e["key"] in labels]
            junk = sum(1 for m in marked if m == "junk")
            print(f"{status}: {junk} junk of {len(marked)} checked ({junk / max(1, len(marked)):.0%})")


if __name__ == "__main__":
    main()
