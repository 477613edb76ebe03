"""How many worker processes the hub uses, and handing work to them.

Reading thousands of content files and building thousands of pages are
independent pieces of work that several cores can share. Workers are forked,
so they start with everything the main process has loaded; where fork is not
available the work stays in one process. ``HUB_JOBS`` sets the number of
workers (default: the cores this process may use; ``1`` keeps everything in
one process).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import IMapIterator, Pool
from typing import Any, TypeVar

log = logging.getLogger("mkdocs.hooks.hub.workers")

Task = TypeVar("Task")
Result = TypeVar("Result")

#: how long to wait for the workers' next result before giving up: a worker
#: the system stopped (out of memory, say) never answers
WORKER_TIMEOUT = 600.0


class WorkersStopped(RuntimeError):
    """No result came from the worker processes in time."""

    def __init__(self) -> None:
        super().__init__(f"no result came from the worker processes for {WORKER_TIMEOUT:.0f} s "
                         "(was one stopped, short of memory?): run again with HUB_JOBS=1 to "
                         "use one process")


def next_result(results: IMapIterator[Result]) -> Result:
    """The next result of ``Pool.imap``, or :class:`WorkersStopped` after the timeout."""
    try:
        return results.next(timeout=WORKER_TIMEOUT)
    except multiprocessing.TimeoutError:
        raise WorkersStopped() from None


def jobs() -> int:
    """Worker processes to use: ``HUB_JOBS``, or the cores this process may use."""
    setting = os.environ.get("HUB_JOBS", "").strip()
    if setting:
        try:
            return max(1, int(setting))
        except ValueError:
            log.warning(f"HUB_JOBS={setting!r} is not a number; using one core")
            return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fork_pool(processes: int, initializer: Callable[[], Any] | None = None) -> Pool:
    """Worker processes forked from this one.

    What the main process holds so far is kept out of the garbage
    collector's reach while forking: workers only read it, and a collection
    in a worker would otherwise touch, and so copy, every object. What was
    set aside before (by a preview server, between builds) stays so.
    """
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(processes, initializer=initializer)
    finally:
        if not frozen_before:
            gc.unfreeze()


def chunks(items: list[Task], size: int) -> list[list[Task]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def map_in_order(work: Callable[[list[Task]], Result], tasks: list[Task], *,
                 chunk: int, minimum: int) -> Iterable[Result]:
    """``work`` over ``tasks`` in chunks, in order: on the workers when there are at
    least ``minimum`` tasks and more than one worker, else in this process."""
    workers = jobs() if fork_available() else 1
    parts = chunks(tasks, chunk)
    if workers < 2 or len(tasks) < minimum or len(parts) < 2:
        return (work(part) for part in parts)
    return _pooled(work, parts, min(workers, len(parts)))


def _pooled(work: Callable[[list[Task]], Result], parts: list[list[Task]],
            processes: int) -> Iterator[Result]:
    pool = fork_pool(processes)
    try:
        results = pool.imap(work, parts)
        for _ in parts:
            yield next_result(results)
    finally:
        pool.terminate()
        pool.join()
