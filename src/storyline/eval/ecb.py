"""ECB+ story clustering: B³ and ARI of ``recluster`` on an ECB+-layout folder.

Every document is clustered at once, without the number of stories; the gold story of a document is
(topic, ``ecb`` | ``ecbplus``). Documents are stored in an in-memory store and clustered by the same
``recluster`` as ``storyline recluster`` (so the same similarity, blocking and thresholds).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import InputError
from ..options import Options
from ..records import Article

DEFAULT = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "ecbplus"


def read_document(path: Path) -> tuple[str, str]:
    """(gold story, text) of one ECB+ file; sentence 0 of an ``ecbplus`` file is its URL, dropped."""
    kind = "ecbplus" if path.name.endswith("ecbplus.xml") else "ecb"
    try:
        tree = etree.parse(str(path))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(str(path), f"not a readable ECB+ XML file ({exc})") from exc
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in tree.iter("token"):
        sentence = int(token.get("sentence", "0"))
        if kind == "ecbplus" and sentence == 0:
            continue
        sentences[sentence].append(token.text or "")
    text = "\n".join(" ".join(words) for _, words in sorted(sentences.items()))
    return f"{path.parent.name}/{kind}", text


def load(path: str | Path) -> list[tuple[str, str, str]]:
    """(doc id, gold story, text) of every document under ``path``."""
    root = Path(path)
    files = sorted(root.glob("*/*.xml"))
    if not files:
        raise InputError(str(root), "no ECB+ documents (<topic>/<topic>_<n>ecb[plus].xml) found", "pass --data")
    return [(f.stem, *read_document(f)) for f in files]


def b_cubed(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    g_sets: dict[str, set[int]] = defaultdict(set)
    p_sets: dict[str, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        g_sets[g].add(i)
        p_sets[p].add(i)
    precision = recall = 0.0
    for g, p in zip(gold, pred, strict=True):
        both = len(g_sets[g] & p_sets[p])
        precision += both / len(p_sets[p])
        recall += both / len(g_sets[g])
    n = max(len(gold), 1)
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def cluster_documents(docs: Sequence[tuple[str, str, str]], options: Options, facts: bool = False) -> list[str]:
    """The predicted story of each document; with ``facts``, each stored with its extracted Facts,
    as ingest stores them (``factcache``: extracted once, kept on disk)."""
    from ..cluster.stories import recluster
    from ..store.sqlite import SQLiteStore
    from .factcache import facts_of

    store = SQLiteStore(":memory:")
    try:
        articles = [_article(doc_id, text) for doc_id, _, text in docs]
        for article, found in zip(articles, facts_of(articles) if facts else [None] * len(articles), strict=True):
            store.add_article(article)
            if found is not None:
                store.put_facts(found, "ecb")
        recluster(store, options.replace(cluster=True))
        return [store.story_of(doc_id) or doc_id for doc_id, _, _ in docs]
    finally:
        store.close()


def assign_documents(docs: Sequence[tuple[str, str, str]], options: Options, seed: int, batch: int = 0) -> list[str]:
    """The predicted story of each document when they arrive one at a time, in an order shuffled by
    ``seed``, through ``assign`` (as ``storyline ingest`` stores them); with ``batch``, the stories
    each ``batch`` arrivals touched are regrouped after them, as ingest does after each batch."""
    import random

    from ..cluster.regroup import regroup
    from ..cluster.stories import assign
    from ..store.sqlite import SQLiteStore

    order = list(docs)
    random.Random(seed).shuffle(order)
    store = SQLiteStore(":memory:")
    try:
        pending: list[str] = []
        for doc_id, _, text in order:
            store.add_article(_article(doc_id, text))
            assign(store, store.article(doc_id), options)
            pending.append(doc_id)
            if batch and (len(pending) >= batch or doc_id == order[-1][0]):
                regroup(store, pending, options)
                pending = []
        return [store.story_of(doc_id) or doc_id for doc_id, _, _ in docs]
    finally:
        store.close()


def _article(doc_id: str, text: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=doc_id, body=text, content_hash=f"{doc_id}:{digest}", format="ecb+")


def score_stories(
    path: str | Path | None = None, options: Options | None = None, facts: bool = False
) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score

    docs = load(path or DEFAULT)
    pred = cluster_documents(docs, options or Options(), facts)
    gold = [g for _, g, _ in docs]
    precision, recall, f1 = b_cubed(gold, pred)
    return {
        "b3_precision": round(precision, 4),
        "b3_recall": round(recall, 4),
        "b3_f1": round(f1, 4),
        "ari": round(float(adjusted_rand_score(gold, pred)), 4),
        "n_docs": len(docs),
        "n_stories": len(set(pred)),
        "n_gold": len(set(gold)),
        "story_background": (options or Options()).story_background,
    }


def topic_of(gold: str) -> str:
    """The topic of a gold story (``<topic>/ecb`` or ``<topic>/ecbplus``)."""
    return gold.split("/")[0]


def topic_slices(
    docs: Sequence[tuple[str, str, str]], topics: int, samples: int, seed: int = 0
) -> list[list[tuple[str, str, str]]]:
    """``samples`` random collections of ``topics`` topics each (the documents of those topics),
    seeded: the held-out split is a collection of 10 topics, scored on its own."""
    import random

    names = sorted({topic_of(gold) for _, gold, _ in docs})
    rng = random.Random(seed)
    out = []
    for _ in range(samples):
        pick = set(rng.sample(names, min(topics, len(names))))
        out.append([d for d in docs if topic_of(d[1]) in pick])
    return out


def topic_counts(docs: Sequence[tuple[str, str, str]]) -> dict[str, tuple[Counter[int], int]]:
    """Per topic, the document frequencies of its documents' terms and their number."""
    from ..cluster import background

    by_topic: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for d in docs:
        by_topic[topic_of(d[1])].append(d)
    return {t: background.count(_article(i, text) for i, _, text in part) for t, part in by_topic.items()}


def leave_out(
    options: Options, counts: dict[str, tuple[Counter[int], int]], exclude: set[str], folder: Path
) -> Options:
    """``options`` with a background counted from the topics not in ``exclude`` (written under
    ``folder``): how the built-in background meets topics it has never seen, as on the held-out split."""
    from ..cluster import background

    df: Counter[int] = Counter()
    n = 0
    for topic, (part, size) in counts.items():
        if topic not in exclude:
            df.update(part)
            n += size
    path = folder / f"background-{hashlib.sha256(','.join(sorted(exclude)).encode()).hexdigest()[:12]}.json.gz"
    background.save(path, df, n, f"ECB+ topics other than {sorted(exclude)}")
    return options.replace(story_background=str(path))


def score_slices(
    path: str | Path | None = None, options: Options | None = None, topics: int = 10, samples: int = 20
) -> dict[str, Any]:
    """Mean and worst B³ F1 of ``samples`` seeded ``topics``-topic collections, each clustered alone
    with a background counted from the other topics of the folder (the built-in background holds
    the whole dev folder, so it would count each slice's own documents twice)."""
    import tempfile

    docs = load(path or DEFAULT)
    counts = topic_counts(docs)
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for part in topic_slices(docs, topics, samples):
            picked = leave_out(options or Options(), counts, {topic_of(g) for _, g, _ in part}, Path(tmp))
            scores.append(b_cubed([g for _, g, _ in part], cluster_documents(part, picked))[2])
    return {
        "slices_b3_f1_mean": round(sum(scores) / len(scores), 4),
        "slices_b3_f1_min": round(min(scores), 4),
        "topics": topics,
        "samples": samples,
    }
