"""Extraction in worker processes the caller can kill: each document gets a time budget.

A worker loads its models, says it is ready, then takes chunks of documents and answers with one
record per document as each is done. A document that takes longer than `budget` seconds, or whose
worker dies (a crash, the kernel's OOM killer), gets an `ExtractionFailure` with the reason; the
worker is killed and replaced and the rest of its chunk goes on. Records come out in input order.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import Any

from core.errors import StageFailed
from core.records import ExtractionFailure

DEFAULT_BUDGET = 60.0  # seconds per document in pipeline runs; a 200,000-character article takes about 2
MAX_BUDGET = 3600.0
STARTUP_TIMEOUT = 600.0  # seconds a worker may take to load its models before the stage gives up
_READY = "ready"


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
        self.job: _Job | None = None
        self.deadline = time.monotonic() + STARTUP_TIMEOUT

    def give(self, job: _Job, budget: float | None) -> None:
        self.job = job
        self.conn.send(job.items[len(job.records):])
        self.deadline = time.monotonic() + budget if budget else float("inf")

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        """Let the worker end on its own (end of input), killing it if it does not within a few seconds."""
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
                    worker.give(job, budget)
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
                    if job is None and not worker.ready:
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
    assert worker.job is not None
    worker.job.records.append(message)
    worker.deadline = time.monotonic() + budget if budget and not worker.job.done else float("inf")
    return None


def _overdue(worker: _Worker, budget: float | None, now: float) -> str | None:
    """Why the worker's current document is given up, when its time is over; `StageFailed` at start-up."""
    if worker.deadline > now:
        return None
    if not worker.ready:
        raise StageFailed(f"an extraction worker did not start within {STARTUP_TIMEOUT:g} s")
    return f"over the extraction budget of {budget:g} s"


def _serve(conn: Connection, ner: bool, ner_model: str | None) -> None:
    """The worker's loop: load the models of every language, then extract chunks one document at a time."""
    from nlp.extract import Extractor
    from nlp.pipeline import LANGS, build

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not run the parent's handler (Prefect's)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    extractor = Extractor(ner=ner, ner_model=ner_model)
    for lang in LANGS:  # built before the first document, so no document's budget pays for it
        build(lang, ner)
    conn.send(_READY)
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        for item in chunk:
            conn.send(extractor.extract_or_fail(item))
