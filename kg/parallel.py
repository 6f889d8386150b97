"""Work done one process per core: reading (pdfplumber) is the slow part of every command that
takes files, and each file is read on its own; the summary's rebuild runs its inserts so too."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_processes(function: Callable[[T], R], items: Iterable[T], jobs: int | None = None) -> Iterator[R]:
    """``function(item)`` for each item, in the order given: in this process for fewer than two
    items or one job, else in a pool of ``jobs`` processes (default one per core). The pool
    spawns a fresh interpreter per worker, safe whatever threads or stores this process holds;
    ``function`` and the items must pickle."""
    items = list(items)
    jobs = min(jobs or os.cpu_count() or 1, len(items))
    if jobs < 2:
        yield from map(function, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(function, items)
