"""Run national tasks on ``dask.distributed`` (the only module that imports Dask).

``run_chunks(task, chunks, *args)`` maps a task of :mod:`handlingsrom.national.tasks` over
fixed chunks of municipalities and returns the results in the chunks' order:

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
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from handlingsrom.errors import HandlingsromError

T = TypeVar("T")
TIMEOUT = "60s"
# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also turns off
# glibc's adaptive mmap threshold: every NumPy temporary above 128 KB (a year of 1 000 paths
# is 1.7 MB) is then mapped and unmapped, and page faults made the stochastic paths take
# about twice the CPU time of one process. Large thresholds keep such arrays on the heap.
WORKER_ENVIRON = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": str(1 << 30),
    "distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": str(1 << 25),
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
    if workers == 0 and scheduler is None:
        return [task(c, *args) for c in chunks]
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
        futures = [client.submit(task, c, *args, pure=False) for c in chunks]
        return list(client.gather(futures))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
