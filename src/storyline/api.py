"""The library surface the CLI, the web app and Python users call: each a few lines over the stages."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, ModelMissingError, StoreError, UsageError
from .listing import StoryFilter
from .options import Options, load_options
from .records import Article, Facts, Story, StoryCard
from .store import Store, open_store

if TYPE_CHECKING:  # the stages are imported when first used
    from .cluster.background import Built
    from .extractors.workers import Pending, Unextracted, Workers


@dataclass(slots=True)
class IngestReport:
    """What one ingest batch did: per input, stored / already present / failed with the reason."""

    ingested: list[Article] = field(default_factory=list)
    present: list[Article] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unread: list[Article] = field(default_factory=list)  # stored, but in a language the model does not read

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(slots=True)
class BackgroundReport:
    """What ``build_background`` wrote (``built``: documents, copies passed over, terms kept, bytes)
    and the inputs it could not read."""

    built: Built
    failed: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


Progress = Callable[[str, str], None]
"""``progress(stage, label)``: ``stage`` is "read" when an input has been read (before extraction),
then "stored", "present" or "failed" when it is done; ``label`` names the input."""


def _batches(
    items: Iterable[Article | InputError], size: int, progress: Progress | None = None
) -> Iterator[list[Article | InputError]]:
    batch: list[Article | InputError] = []
    for item in items:
        if progress:
            progress("read", item.source if isinstance(item, InputError) else (item.source or item.id))
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    sources: Iterable[str],
    store: Store | None = None,
    options: Options | None = None,
    fetcher: object | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Read every source (file, folder, glob, URL, feed, JSONL, WARC) into the store.

    Bad inputs are reported in ``report.failed`` and skipped; every good input is stored, each
    article with its facts and story in one transaction.
    """
    from .readers import read_sources

    options = options or load_options()
    own = store is None
    store = store or open_store(options.db)
    report = IngestReport()
    try:
        if options.cluster:
            _readable_background(store, options)
        _store_items(read_sources(list(sources), options, fetcher=fetcher), store, options, report, progress)
    finally:
        if own:
            store.close()
    return report


def _readable_background(store: Store, options: Options) -> None:
    """A story background that cannot be read is one usage error before anything is read, not a
    failure of every article after its extraction."""
    from .cluster import background

    background.load(store.get_meta(background.META_KEY) or background.name_of(options))


def ingest_bytes(data: bytes, name: str, store: Store, options: Options | None = None) -> IngestReport:
    """Ingest one document held in memory (an upload to the web app): text, HTML, feed, JSONL, WARC.

    ``name`` is the source label stored with the articles and a format hint (its suffix); the
    format is detected from the content as for files. Failures land in ``report.failed``.
    """
    from .readers import parse_bytes
    from .readers.sources import guarded

    options = options or load_options()
    if options.n_process <= 0:  # a server's threads make forking workers unsafe: one process unless set
        options = options.replace(n_process=1)
    report = IngestReport()

    def items() -> Iterator[Article | InputError]:
        if len(data) > options.max_bytes:
            yield InputError(name, f"too large: {len(data):,} bytes > max_bytes {options.max_bytes:,}", "send less")
            return
        yield from guarded(name, parse_bytes(data, name, options))

    _store_items(items(), store, options, report, None)
    return report


def _store_items(
    items: Iterable[Article | InputError],
    store: Store,
    options: Options,
    report: IngestReport,
    progress: Progress | None,
) -> None:
    """Store batch after batch. Extraction runs ahead on worker processes (``extractors/workers.py``):
    while one batch is stored and its stories settled, the workers parse the next. Each batch is
    stored as on one process, in the same order, so the articles, facts and stories are the same."""
    from .extractors.workers import Workers

    size = max(1, options.batch_size)
    with Workers(options) as workers:
        ahead: deque[_Sent] = deque()
        for batch in _batches(items, size, progress):
            ahead.append(_send(store, batch, ahead, workers, options, final=len(batch) < size))
            if len(ahead) > 1:  # the batch just sent is parsing while the one before it is stored
                _store_batch(store, ahead.popleft(), options, report, progress)
        while ahead:
            _store_batch(store, ahead.popleft(), options, report, progress)
        if workers.broken:
            report.warnings.append("an extraction worker process died; the rest was extracted in this process")


@dataclass(slots=True)
class _Sent:
    """A batch read, and the extraction of the articles it will likely store, under way."""

    batch: list[Article | InputError]
    articles: list[Article] = field(default_factory=list)
    pending: dict[int, tuple[Pending[Facts | Unextracted | None], int]] = field(default_factory=dict)
    # id(article) -> (its chunk, its place in the chunk)

    def facts(self, article: Article, options: Options) -> Facts | Unextracted | None:
        """The article's Facts, an ``Unextracted`` failure, or None; extracted now if not sent."""
        from .extractors.workers import extract_isolated

        if id(article) not in self.pending:  # it matched an article of a batch not yet stored
            return extract_isolated([article], options.replace(n_process=1))[0]
        chunk, k = self.pending[id(article)]
        return chunk.result()[k]


def _send(
    store: Store,
    batch: list[Article | InputError],
    ahead: deque[_Sent],
    workers: Workers,
    options: Options,
    final: bool,
) -> _Sent:
    """Send for extraction the batch's articles that are new as far as can be told before the
    batches ahead of it are stored; the rest is decided (and extracted if new) when it is stored."""
    from .extractors.workers import AUTO_PROCESSES_FROM, extract_isolated

    sent = _Sent(batch)
    if not options.extract:
        return sent
    flying = {key for earlier in ahead for a in earlier.articles for key in (a.content_hash, a.url) if key}
    hashes: set[str] = set()
    for item in batch:
        if isinstance(item, InputError) or item.content_hash in hashes or flying & {item.content_hash, item.url}:
            continue
        if store.find_article(item.content_hash, item.url) is None:
            sent.articles.append(item)
            hashes.add(item.content_hash)
    expected = len(sent.articles) if final else max(len(sent.articles), AUTO_PROCESSES_FROM)  # more may follow
    chunks = workers.submit(extract_isolated, sent.articles, expected)
    sent.pending = {id(a): (chunk, k) for chunk in chunks for k, a in enumerate(chunk.chunk)}
    return sent


def _store_batch(store: Store, sent: _Sent, options: Options, report: IngestReport, progress: Progress | None) -> None:
    from .extractors.workers import Unextracted

    fresh: list[Article] = []
    found: list[str] = []  # stored before this run (or by a run killed before its regroup)
    for item in sent.batch:
        if isinstance(item, InputError):
            report.failed.append(item)
            if progress:
                progress("failed", item.source)
            continue
        existing = store.find_article(item.content_hash, item.url)
        if existing is not None:
            _note_conflicting_metadata(store, existing, item, report)
            report.present.append(existing)
            found.append(existing.id)
            if progress:
                progress("present", item.source or item.id)
        else:
            twin = next((a for a in fresh if a.content_hash == item.content_hash), None)
            if twin is None:
                fresh.append(item)
            else:  # the same text twice in one batch: one article, the second reported as present
                report.present.append(twin)
                report.warnings.append(f"{item.source}: same text as {twin.source}; stored once")
                if progress:
                    progress("present", item.source or item.id)
    facts: dict[str, Facts] = {}
    extracted: list[Article] = []
    start = len(report.ingested)
    for article in fresh:  # each stored as soon as its facts are in (the workers go on with the rest)
        if options.extract:
            result = sent.facts(article, options)
            if isinstance(result, Unextracted):
                report.failed.append(InputError(_label(article), f"extraction failed: {result.error}"[:500]))
                if progress:
                    progress("failed", _label(article))
                continue
            if result is not None:
                facts[article.id] = result
        extracted.append(article)
        try:
            article = _store_one(store, article, facts.get(article.id), options, report)
        except (StoreError, ModelMissingError):
            raise  # not this input's fault: the batch stops
        except Exception as exc:  # one bad article (say a date at the calendar's end) costs only itself
            if _store_fault(exc):
                raise
            report.failed.append(_failure(article, "could not be stored", exc))
            if progress:
                progress("failed", _label(article))
            continue
        if article.id in facts and any(w.startswith("language: ") for w in facts[article.id].warnings):
            report.unread.append(article)
        if progress:
            stored = bool(report.ingested) and report.ingested[-1] is article
            progress("stored" if stored else "present", article.source or article.id)
    if options.cluster:
        try:
            _settle(store, report.ingested, start, facts, options, found)
        except (StoreError, ModelMissingError):
            raise
        except Exception as exc:  # stored and assigned; only the batch's regrouping is missing (marks kept)
            if _store_fault(exc):
                raise
            report.warnings.append(
                f"regrouping after the batch failed ({type(exc).__name__}: {str(exc)[:200]}); "
                "each article stays in the story it was first assigned to until the next batch regroups it"
            )
    _summarise_repairs(extracted, report)


def _summarise_repairs(articles: list[Article], report: IngestReport) -> None:
    """Inputs decoded with repaired bytes are named in the summary, not only on the article."""
    from .readers.decode import REPAIRED

    for article in articles:
        for warning in article.warnings:
            if warning.startswith(REPAIRED):
                report.warnings.append(f"{article.source or article.id}: {warning}")


def _settle(
    store: Store, ingested: list[Article], start: int, facts: dict[str, Facts], options: Options, found: list[str]
) -> None:
    """After a batch is stored: regroup the stories it touched, then read each new undated article
    against the story it ended in (``ingested[start:]`` is the batch's new articles, updated here).

    Of the articles the batch ``found`` already stored, those still marked unregrouped (a run was
    killed between storing them and regrouping) are regrouped with it, so the resumed run ends with
    the stories a clean run has."""
    if options.regroup:
        from .cluster.regroup import regroup

        with store.transaction():  # the regroup and clearing its marks: both or neither
            pending = _unregrouped(store)
            ids = [a.id for a in ingested[start:]] + [a for a in found if a in pending]
            regroup(store, ids, options)
            if pending & set(ids):
                _mark_unregrouped(store, pending - set(ids))
    if not options.extract:
        return
    for k in range(start, len(ingested)):
        article = ingested[k]
        if article.id in facts and store.story_of(article.id) is not None:
            with store.transaction():
                ingested[k] = _reference_from_story(store, article, facts[article.id], options)


UNREGROUPED = "unregrouped"  # meta key: articles assigned to a story whose batch is not regrouped yet


def _unregrouped(store: Store) -> set[str]:
    return set(json.loads(store.get_meta(UNREGROUPED) or "[]"))


def _mark_unregrouped(store: Store, ids: set[str]) -> None:
    store.set_meta(UNREGROUPED, json.dumps(sorted(ids)))


def _note_conflicting_metadata(store: Store, old: Article, new: Article, report: IngestReport) -> None:
    """Two publication dates for one URL (or one text) are reported, never silently chosen."""
    if new.published and old.published and new.published != old.published:
        text = (
            f"{new.source}: publication date {new.published} differs from the stored "
            f"{old.published} for the same {'URL' if old.url and old.url == new.url else 'text'}; kept {old.published}"
        )
        store.add_notice(old.id, "conflicting-published", text)
        report.warnings.append(text)


def _store_fault(exc: BaseException) -> bool:
    """A database driver's error that is the store's (locked, connection lost, schema gone), not the
    article's: the drivers' DataError and IntegrityError (say a NUL in PostgreSQL text) are the article's."""
    driver = type(exc).__module__.split(".", 1)[0] in {"sqlite3", "psycopg"}
    return driver and not any(c.__name__ in {"DataError", "IntegrityError"} for c in type(exc).__mro__)


def _label(article: Article) -> str:
    return article.source or article.url or article.id


def _failure(article: Article, what: str, exc: BaseException) -> InputError:
    return InputError(_label(article), f"{what}: {type(exc).__name__}: {exc}"[:500])


def _store_one(store: Store, article: Article, facts: Facts | None, options: Options, report: IngestReport) -> Article:
    from .extractors.pipeline import VERSION as EXTRACT_VERSION

    if facts is not None and facts.reference_date != article.reference_date:
        article = article.replace(reference_date=facts.reference_date, reference_estimated=facts.reference_estimated)
    with store.transaction():
        stored, created = store.add_article(article)
        if not created:  # the same URL came earlier in this batch
            _note_conflicting_metadata(store, stored, article, report)
        if facts is not None and created:
            store.put_facts(facts, EXTRACT_VERSION)
        if created and options.cluster:
            from .cluster.stories import assign

            assign(store, stored, options)
            if options.regroup:  # cleared by ``_settle``: left set only when the run dies before it
                _mark_unregrouped(store, _unregrouped(store) | {stored.id})
    (report.ingested if created else report.present).append(stored)
    return stored


def _story_reference(store: Store, article: Article) -> Article:
    """An undated article whose text states no full date is read against its story's dates: the
    latest publication date among the story's other articles becomes its estimated reference
    (extraction keeps it no earlier than a caption's date). Unchanged when there is none."""
    from .extractors.dates import states_full_date

    story_id = store.story_of(article.id)
    if article.published or story_id is None or states_full_date(article):
        return article
    dated = sorted(p for a in store.story_articles(story_id) if a != article.id and (p := store.article(a).published))
    return article.replace(reference_date=dated[-1], reference_estimated=True) if dated else article


def _reference_from_story(store: Store, article: Article, facts: Facts, options: Options) -> Article:
    """Re-resolve an undated article's relative dates once its story gives it a reference."""
    from .extractors.pipeline import VERSION as EXTRACT_VERSION
    from .extractors.pipeline import extract_articles

    estimate = _story_reference(store, article)
    if estimate is article or estimate.reference_date == facts.reference_date:
        return article
    redone = extract_articles([estimate], options)[0]
    # re-read: story assignment may have marked it a copy since ``article`` was read
    updated = store.article(article.id).replace(reference_date=redone.reference_date, reference_estimated=True)
    store.put_facts(redone, EXTRACT_VERSION)
    store.update_article(updated)
    return updated


def extract(store: Store, options: Options | None = None, redo_all: bool = False) -> int:
    """(Re-)run extraction over stored articles whose facts are missing or older; returns the count."""
    from .extractors.pipeline import VERSION as EXTRACT_VERSION
    from .extractors.pipeline import extract_articles

    options = options or load_options()
    todo = [i for i in store.article_ids() if redo_all or store.facts_version(i) != EXTRACT_VERSION]
    for start in range(0, len(todo), 256):
        stored = [store.article(i) for i in todo[start : start + 256]]
        extracted = extract_articles([_story_reference(store, a) for a in stored], options)
        for article, facts in zip(stored, extracted, strict=True):
            with store.transaction():
                store.put_facts(facts, EXTRACT_VERSION)
                if (facts.reference_date, facts.reference_estimated) != (
                    article.reference_date,
                    article.reference_estimated,
                ):
                    store.update_article(
                        article.replace(
                            reference_date=facts.reference_date, reference_estimated=facts.reference_estimated
                        )
                    )
    return len(todo)


def story_cards(store: Store, wanted: StoryFilter | None = None) -> list[StoryCard]:
    """Stories as a list shows them (outlets, independent outlets, first and last date), largest
    first, filtered by ``wanted`` (text, entity, outlet, dates, minimum independent outlets)."""
    from .listing import story_cards as cards

    return cards(store, wanted)


def stories(store: Store, options: Options | None = None, unclustered: bool = False) -> list[Story]:
    """Every story in the store, fully built (articles, facts, comparison, timeline, summary).
    With ``unclustered``, an article in no story (not yet clustered, or not clusterable) comes as a
    story of its own, as exports want it."""
    from .compare.report import build_story, build_story_from

    options = options or load_options()
    out = [build_story(store, row.id, options) for row in store.stories(limit=1_000_000)]
    if unclustered:
        for article_id in store.article_ids():
            if store.story_of(article_id) is None:
                facts = store.facts(article_id)
                out.append(build_story_from([store.article(article_id)], [facts] if facts else [], options))
    return out


def story(store: Store, story_id: str, options: Options | None = None) -> Story:
    from .compare.report import build_story

    return build_story(store, store.story(story_id).id, options or load_options())


def extract_version() -> str:
    """The extraction version stored facts carry; facts of another version are redone by ``extract``."""
    from .extractors.pipeline import VERSION

    return VERSION


def recluster(store: Store, options: Options | None = None) -> int:
    """Rebuild every story from the stored articles (keeping people's merges, splits and moves);
    returns the number of stories."""
    from .cluster.stories import recluster as rebuild

    return rebuild(store, options or load_options())


def merge(store: Store, story_a: str, story_b: str) -> str:
    """Merge two stories (a decision kept across reclustering); returns the kept story's id."""
    from .cluster.stories import merge as merge_stories

    return merge_stories(store, story_a, story_b)


def split(store: Store, story_id: str, article_ids: list[str]) -> str:
    """Move the given articles of a story into a new story; returns its id."""
    from .cluster.stories import split as split_story

    return split_story(store, story_id, article_ids)


def move(store: Store, article_id: str, story_id: str) -> None:
    """Move one article into another story (a decision kept across reclustering)."""
    from .cluster.stories import move as move_article

    move_article(store, article_id, story_id)


def explain(store: Store, story_id: str) -> list[dict[str, Any]]:
    """Why each member is in its story: the evidence that placed it (``storyline story --why``)."""
    from .cluster.stories import explain as why

    return why(store, story_id)


def kept_from(store: Store, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per article the clusterer kept out of another story or apart from another report: each cut
    (the other article, its title and story now, the reason; ``explain``'s ``kept_from``)."""
    from .cluster.edit import kept_from as cuts

    return cuts(store, article_ids)


def build_background(
    out: str | Path,
    sources: Iterable[str] = (),
    store: Store | None = None,
    options: Options | None = None,
    min_df: int | None = None,
) -> BackgroundReport:
    """Count a newsroom's reports into a story background file, for ``story_background = OUT``:
    the articles of ``store`` and those read from ``sources`` (local files, folders and globs, in
    any format ingest reads), each distinct report once. Writes hashed terms and counts, no text
    (docs/background.md)."""
    import glob

    from .cluster import background
    from .cluster.corpus import stored
    from .readers import read_sources

    names = [str(s) for s in sources]
    for name in names:
        if "://" in name:
            raise UsageError(f"{name}: a background is counted from local files; save the reports first")
        if not Path(name).exists() and not glob.glob(name, recursive=True):
            raise UsageError(f"{name}: no such file, folder or glob match; pass reports to count")
    options = options or load_options()
    failed: list[InputError] = []

    def read() -> Iterator[Article]:
        for item in read_sources(names, options):
            if isinstance(item, InputError):
                failed.append(item)
            else:
                yield item

    what = " and ".join(
        w for w, given in (("a store's articles", store), (f"{len(names)} file path(s)", names)) if given
    )
    note = f"document frequencies counted by storyline background build from {what or 'nothing'}"
    built = background.build(
        out, stored(store) if store is not None else (), read(), note, background.MIN_DF if min_df is None else min_df
    )
    report = BackgroundReport(built, failed)
    if built.n_docs < background.FEW_DOCS:
        report.warnings.append(
            f"{built.n_docs} reports: a background of fewer than {background.FEW_DOCS} moves words' weights little "
            "(docs/background.md); the built-in one counts more"
        )
    return report


def background_info(name: str) -> dict[str, Any]:
    """What the story background ``name`` (``builtin``, ``none`` or a file) was counted from and holds."""
    from .cluster import background

    return background.describe(name)
