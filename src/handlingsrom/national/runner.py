"""Run national tasks on ``dask.distributed`` (the only module that imports Dask).

``run_chunks(task, chunks, *args)`` maps a task of :mod:`handlingsrom.national.tasks` over
fixed chunks of municipalities and returns the results in the chunks' order
(``iter_chunks`` yields them in that order as they are done):

- ``scheduler="tcp://host:8786"``: a running cluster (``dask scheduler`` / ``dask worker``,
  dask-jobqueue, Dask on Kubernetes …); every worker needs this package installed;
- otherwise a :class:`~dask.distributed.LocalCluster` of ``workers`` processes with one
  thread each (default: the machine's cores), closed when the run ends;
- ``workers=0``: in this process, without Dask (a reference and the fastest for tiny runs).

Results do not depend on the number of workers: chunks are fixed, each municipality is
computed on its own, and random streams are seeded per municipality.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from handlingsrom.errors import HandlingsromError

T = TypeVar("T")
TIMEOUT = "60s"
# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also turns off
# glibc's adaptive mmap threshold: every NumPy temporary above 128 KB (a year of 1 000 paths
# is 1.7 MB) is then mapped and unmapped, and page faults made the stochastic paths take
# about twice the CPU time of one process. Large thresholds keep such arrays on the heap.
# Dask's statistical profiler samples every worker's stack each 10 ms; it cost about 5 % of
# a stochastic run's CPU (a worker used 100.5 s for 94.7 s of task time with it, 12.8 for
# 12.5 without) and a local run has no dashboard to show it.
WORKER_ENVIRON = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": str(1 << 30),
    "distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": str(1 << 25),
    "distributed.worker.profile.enabled": False,
}


class ClusterError(HandlingsromError):
    """The Dask scheduler could not be reached or the cluster could not start."""


def run_chunks(
    task: Callable[..., T],
    chunks: Sequence[Any],
    *args: Any,
    scheduler: str | None = None,
    workers: int | None = None,
) -> list[T]:
    """The results of ``task(chunk, *args)`` for every chunk, in the chunks' order."""
    return list(iter_chunks(task, chunks, *args, scheduler=scheduler, workers=workers))


def iter_chunks(
    task: Callable[..., T],
    chunks: Sequence[Any],
    *args: Any,
    scheduler: str | None = None,
    workers: int | None = None,
) -> Iterator[T]:
    """:func:`run_chunks` as a stream: each result as soon as it and those of the chunks
    before it are done (a caller writing a large file holds one chunk at a time, not all)."""
    if workers == 0 and scheduler is None:
        yield from (task(c, *args) for c in chunks)
        return
    import dask
    from dask.distributed import Client, LocalCluster

    n = workers if workers is not None else (os.cpu_count() or 1)
    cluster = None
    try:
        if scheduler is not None:
            client = Client(scheduler, timeout=TIMEOUT)
        else:
            with dask.config.set(WORKER_ENVIRON):
                cluster = LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: 8787 may be taken (shared machine)
                    silence_logs=logging.ERROR,
                )
            client = Client(cluster, timeout=TIMEOUT)
    except (OSError, TimeoutError) as e:
        if cluster is not None:
            cluster.close()
        where = scheduler or "a local cluster"
        raise ClusterError(f"cannot start or reach the Dask scheduler at {where}: {e}") from None
    try:
        futures = deque(client.submit(task, c, *args, pure=False) for c in chunks)
        while futures:
            result = futures.popleft().result()  # the last reference: the cluster drops it
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
