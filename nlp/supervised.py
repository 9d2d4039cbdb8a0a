"""Extraction in worker processes the caller can kill: each document gets a time budget.

A worker imports the NLP stage, says it is ready, then takes chunks of documents: it builds the
pipelines of the chunk's languages it does not hold yet, says so, and answers with one record per
document as each is done (so no document's budget pays for loading a model, and a worker loads only
the languages it meets). A document that takes longer than `budget` seconds, or whose
worker dies (a crash, the kernel's OOM killer), gets an `ExtractionFailure` with the reason; the
worker is killed and replaced and the rest of its chunk goes on. Records come out in input order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from typing import Any

from core.errors import StageFailed
from core.records import ExtractionFailure

DEFAULT_BUDGET = 60.0  # seconds per document in pipeline runs; a 200,000-character article takes about 2
MAX_BUDGET = 3600.0
STARTUP_TIMEOUT = 600.0  # seconds a worker may take to start or to load a chunk's models before the stage gives up
_READY = "ready"  # the worker has started
_LOADED = "loaded"  # the worker holds the pipelines of the chunk it was given


@dataclass
class _Job:
    """A chunk of documents in input order, and the records its documents got so far."""

    index: int
    items: list[Any]
    records: list[Any] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return len(self.records) == len(self.items)


class _Worker:
    """One worker process, the job it holds and the time by which it must answer next."""

    def __init__(self, context: Any, ner: bool, ner_model: str | None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, ner, ner_model), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.loading = False  # given a chunk whose models it has not said it holds
        self.job: _Job | None = None
        self.deadline = time.monotonic() + STARTUP_TIMEOUT

    def give(self, job: _Job) -> None:
        self.job, self.loading = job, True
        self.conn.send(job.items[len(job.records):])
        self.deadline = time.monotonic() + STARTUP_TIMEOUT

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        """Tell the worker to end (`None`: no more chunks), killing it if it does not within a few seconds.

        Closing the pipe alone would not do: a worker forked later holds a copy of this end."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.conn.close()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def extract_supervised(items: Iterable[Any], workers: int, budget: float | None, ner: bool = False,
                       ner_model: str | None = None, chunk_size: int = 32) -> Iterator[Any]:
    """Records of `items` in input order, extracted on `workers` processes; with `budget`, a document
    taking longer than that many seconds is given up (an `ExtractionFailure`) and its worker replaced."""
    from nlp.extract import item_id

    context = multiprocessing.get_context("fork")
    source = iter(items)
    chunks = (_Job(index, chunk) for index, chunk in enumerate(iter(lambda: list(islice(source, chunk_size)), [])))
    first = next(chunks, None)
    if first is None:
        return  # no document: no worker to start
    chunks = chain([first], chunks)
    retried: deque[_Job] = deque()
    finished: dict[int, list[Any]] = {}
    next_index = 0
    pool = [_Worker(context, ner, ner_model) for _ in range(workers)]
    try:
        exhausted = False
        while True:
            for worker in pool:
                if worker.ready and worker.job is None:
                    job = retried.popleft() if retried else None if exhausted else next(chunks, None)
                    if job is None:
                        exhausted = True
                        continue
                    worker.give(job)
            waiting = [worker for worker in pool if worker.job is not None or not worker.ready]
            if not any(worker.job for worker in waiting) and exhausted and not retried:
                break
            timeout = max(0.0, min(worker.deadline for worker in waiting) - time.monotonic())
            answered = wait([worker.conn for worker in waiting], timeout=min(timeout, 3600.0))
            now = time.monotonic()
            for index, worker in enumerate(pool):
                lost = _receive(worker, budget) if worker.conn in answered else _overdue(worker, budget, now)
                job = worker.job
                if lost is not None:
                    if (job is None and not worker.ready) or worker.loading:
                        raise StageFailed(f"an extraction worker stopped while loading its models ({lost})")
                    if job is None:  # between chunks: nothing lost but the process
                        print(f"WARNING extract: {lost} between documents; replaced", flush=True)
                    else:
                        failure = ExtractionFailure(id=item_id(job.items[len(job.records)]), error=lost)
                        job.records.append(failure)
                        print(f"WARNING extract: article {failure['id']}: {lost}; skipped", flush=True)
                        if not job.done:
                            retried.appendleft(job)
                    worker.kill()
                    pool[index] = _Worker(context, ner, ner_model)
                if job is not None and job.done:
                    finished[job.index] = job.records
                    worker.job = None
            while next_index in finished:
                yield from finished.pop(next_index)
                next_index += 1
    finally:
        for worker in pool:
            worker.stop()


def _receive(worker: _Worker, budget: float | None) -> str | None:
    """Take one message from a worker; the reason its current document is lost when the worker died."""
    try:
        message = worker.conn.recv()
    except (EOFError, OSError):
        worker.process.join(5)
        return f"the extraction worker died (exit code {worker.process.exitcode})"
    if message == _READY:
        worker.ready = True
        worker.deadline = float("inf")
        return None
    if message == _LOADED:
        worker.loading = False
        worker.deadline = time.monotonic() + budget if budget else float("inf")
        return None
    assert worker.job is not None
    worker.job.records.append(message)
    worker.deadline = time.monotonic() + budget if budget and not worker.job.done else float("inf")
    return None


def _overdue(worker: _Worker, budget: float | None, now: float) -> str | None:
    """Why the worker's current document is given up, when its time is over; `StageFailed` at start-up."""
    if worker.deadline > now:
        return None
    if not worker.ready or worker.loading:
        raise StageFailed(f"an extraction worker did not load its models within {STARTUP_TIMEOUT:g} s")
    return f"over the extraction budget of {budget:g} s"


def _serve(conn: Connection, ner: bool, ner_model: str | None) -> None:
    """The worker's loop: take a chunk, build the pipelines of its languages, extract it one document at a time."""
    from nlp.extract import Extractor, languages
    from nlp.pipeline import build

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not run the parent's handler (Prefect's)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    extractor = Extractor(ner=ner, ner_model=ner_model)
    conn.send(_READY)
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for lang in languages(chunk):
            build(lang, ner)
        conn.send(_LOADED)
        for item in chunk:
            conn.send(extractor.extract_or_fail(item))
