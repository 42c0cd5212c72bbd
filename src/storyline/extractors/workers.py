"""Extraction on worker processes, ahead of the caller; how many workers a machine runs.

The workers are forked after the model is loaded, so each starts with it (no reload). Work goes
out in small chunks of articles and comes back as Facts, in the order it was sent: the caller
stores one batch while the workers parse the next. spaCy's own ``n_process`` would send every
parsed Doc back instead; serializing those costs about as much as running every extractor.

One process (``n_process`` 1, a small batch, or a single core) runs the same functions in this
process, when their result is first asked for, so both paths give the same facts.
"""

from __future__ import annotations

import ctypes
import gc
import math
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..errors import ModelMissingError, StoreError
from ..options import Options
from ..records import Article, Facts

# Batches smaller than this are extracted in this process when n_process is left to choose:
# starting workers costs more than a few articles' parsing.
AUTO_PROCESSES_FROM = 50

# Memory one worker may need: its peak RSS was 550-580 MB after extracting PolNeAR reports and
# 677 MB after one 500,000-character body, the most extraction reads of one body (parsed in
# ``chunks.BATCH_CHARS`` batches); part of it is shared with the parent (the model's pages).
# Measured with ``benchmarks/bench_throughput.py --memory``. Workers <= free memory / this.
WORKER_MB = 700

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Unextracted:
    """An article whose extraction failed even on its own: the error, as ``Type: message``."""

    article: str
    error: str


def processes(options: Options, n_articles: int) -> int:
    """Worker processes for ``n_articles``: ``options.n_process`` when set (> 0), else one per core
    (bounded by memory) for a batch of ``AUTO_PROCESSES_FROM`` or more, else 1."""
    if options.n_process > 0:
        return options.n_process
    return auto_processes() if n_articles >= AUTO_PROCESSES_FROM else 1


def auto_processes() -> int:
    """One worker per core this process may run on, at most one per ``WORKER_MB`` of free memory."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    free = available_mb()
    return max(1, min(cores, int(free // WORKER_MB))) if free is not None else max(1, cores)


def available_mb() -> float | None:
    """Memory available to new processes, in MB: the kernel's estimate, less where a cgroup limit
    leaves less; None where neither can be read."""
    found: list[float] = []
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            found += [int(line.split()[1]) / 1024 for line in f if line.startswith("MemAvailable:")]
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open("/sys/fs/cgroup/memory.max", encoding="ascii") as f:
            limit = f.read().strip()
        with open("/sys/fs/cgroup/memory.current", encoding="ascii") as f:
            used = int(f.read())
        if limit != "max":
            found.append((int(limit) - used) / 2**20)
    except (OSError, ValueError):
        pass
    return min(found) if found else None


def extract_isolated(articles: list[Article], options: Options) -> list[Facts | Unextracted | None]:
    """Each article's facts (None where extraction returned none for it); when the chunk fails,
    each article again alone, so one that still fails costs only itself."""
    from . import pipeline  # looked up per call: a test may replace ``extract_articles``

    try:
        done = {f.article: f for f in pipeline.extract_articles(articles, options)}
        return [done.get(a.id) for a in articles]
    except (StoreError, ModelMissingError):
        raise
    except Exception as exc:  # retried one by one below; the error kept for the lone article
        if len(articles) == 1:
            return [Unextracted(articles[0].id, f"{type(exc).__name__}: {exc}")]
    return [extract_isolated([article], options)[0] for article in articles]


def extract_plain(articles: list[Article], options: Options) -> list[Facts]:
    from . import pipeline

    return pipeline.extract_articles(articles, options)


class Pending(Generic[R]):
    """The result of one chunk: from a worker, or computed here when first asked for."""

    def __init__(self, owner: Workers, work: Callable[[list[Article], Options], list[R]], chunk: list[Article]):
        self.owner, self.work, self.chunk = owner, work, chunk
        self.future: Future[list[R]] | None = None
        self.value: list[R] | None = None

    def result(self) -> list[R]:
        if self.value is None:
            if self.future is not None:
                try:
                    self.value = self.future.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory): go on in this process
                    self.owner.broken = True
            if self.value is None:
                self.value = self.work(self.chunk, self.owner.options)
        return self.value


class Workers:
    """A pool of extraction workers for one run (``with Workers(options, n) as w``), started on
    the first chunk sent; with ``n_process`` 1 nothing is started and chunks run here."""

    def __init__(self, options: Options, n_process: int | None = None, chunk: int = 2) -> None:
        self.configured = options.n_process
        self.options = options.replace(n_process=1)  # a worker never starts workers of its own
        self.n_process = n_process
        self.chunk = chunk
        self.pool: ProcessPoolExecutor | None = None
        self.broken = False
        self.frozen = False

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def submit(
        self, work: Callable[[list[Article], Options], list[R]], articles: Sequence[Article], expected: int = 0
    ) -> list[Pending[R]]:
        """Chunks of ``articles`` on their way through ``work``, in order. The first call with
        articles settles the number of workers, for ``expected`` articles in the run (or these)."""
        if not articles:
            return []
        if self.n_process is None:
            self.n_process = processes(self.options.replace(n_process=self.configured), max(expected, len(articles)))
        pool = self._pool()
        size = len(articles) if pool is None else max(1, min(self.chunk, math.ceil(len(articles) / self.n_process)))
        out = [Pending(self, work, list(articles[i : i + size])) for i in range(0, len(articles), size)]
        if pool is not None:
            for pending in out:
                try:
                    pending.future = pool.submit(work, pending.chunk, self.options)  # the first one forks
                except BrokenProcessPool:
                    self.broken = True
                    break
            if self.frozen:  # the workers are forked now
                gc.unfreeze()
                self.frozen = False
        return out

    def _pool(self) -> ProcessPoolExecutor | None:
        if self.pool is None and not self.broken and self.n_process and self.n_process > 1 and _can_fork():
            from .nlp import load_nlp

            load_nlp(self.options.model)  # loaded once here; every worker starts with it
            # Objects the workers inherit stay out of their garbage collector's scans: scanning
            # them copies the pages they sit on (workers' CPU 16.3-17.3 s -> 15.6-15.8 s on 84 reports).
            gc.freeze()
            self.frozen = True
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(
                self.n_process, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
            )
        return None if self.broken else self.pool


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _worker_start(parent: int) -> None:
    """A worker ends with the process that started it (even one killed with SIGKILL) and leaves
    Ctrl-C to it. It runs torch (the accurate quote tier) on one thread: the workers share the
    cores, and a thread pool the parent used before the fork hangs the child when it is used."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # the parent was already gone
            os._exit(1)
