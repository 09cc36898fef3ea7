"""National runs on Dask: a local cluster of two worker processes gives exactly the
numbers of one process, deterministic and stochastic."""

from __future__ import annotations

import numpy as np
import pytest

from handlingsrom.national import runner, tasks

NUMBERS = ("0301", "1151", "3201", "4629", "5001")


@pytest.fixture(scope="module")
def two_workers():
    """Deterministic and stochastic results from one LocalCluster of two processes."""
    pytest.importorskip("dask.distributed")
    chunks = tasks.chunks(NUMBERS, size=1)  # five tasks, so both workers get some
    det = runner.run_chunks(tasks.project_task, chunks, 2016, 2026, None, workers=2)
    return chunks, det


def test_two_workers_equal_one_process(two_workers):
    chunks, det = two_workers
    ref = runner.run_chunks(tasks.project_task, chunks, 2016, 2026, None, workers=0)
    np.testing.assert_array_equal(np.concatenate(det), np.concatenate(ref))
    assert np.concatenate(det).shape == (5, 11, 2, 106)


def test_chunking_does_not_change_results(two_workers):
    _, det = two_workers
    whole = tasks.project_task(NUMBERS, 2016, 2026, None)
    np.testing.assert_array_equal(np.concatenate(det), whole)


def test_stochastic_on_two_workers_equals_one_process():
    pytest.importorskip("dask.distributed")
    chunks = tasks.chunks(NUMBERS[:4], size=1)
    args = (2016, 2021, None, 60, 7, (0.1, 0.5, 0.9))
    on_cluster = runner.run_chunks(tasks.quantiles_task, chunks, *args, workers=2)
    in_process = tasks.quantiles_task(NUMBERS[:4], *args)
    np.testing.assert_array_equal(np.concatenate(on_cluster), in_process)
    # Seeds per municipality: one municipality alone gives its rows of the batch.
    alone = tasks.quantiles_task(NUMBERS[2:3], *args)
    np.testing.assert_array_equal(alone[0], in_process[2])


def test_unreachable_scheduler_is_a_clear_error(monkeypatch):
    pytest.importorskip("dask.distributed")
    monkeypatch.setattr(runner, "TIMEOUT", "2s")
    with pytest.raises(runner.ClusterError, match=r"tcp://127\.0\.0\.1:9"):
        runner.run_chunks(
            tasks.project_task, [("0301",)], 2016, 2017, None, scheduler="tcp://127.0.0.1:9"
        )
