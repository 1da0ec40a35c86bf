"""The executors: results in order, errors that cross a process intact, clear cluster errors."""

from __future__ import annotations

import pickle

import pytest

from inputs.errors import ClusterError, RegisterError
from inputs.problems import Problem, Severity
from parallel import DaskExecutor, LocalExecutor, executor_for


def _scaled(shared: int, item: int) -> int:
    return shared * item


def _refused(shared: None, item: str) -> None:
    raise RegisterError(
        [Problem(severity=Severity.ERROR, file="r.csv", message=f"bad {item}", fix="mend it")]
    )


def test_processes_return_results_in_the_items_order() -> None:
    assert LocalExecutor(2).map(_scaled, 3, list(range(10))) == [3 * k for k in range(10)]
    assert LocalExecutor(1).map(_scaled, 3, [1, 2]) == [3, 6]


def test_a_user_error_in_a_worker_arrives_whole() -> None:
    with pytest.raises(RegisterError, match=r"bad [xy]") as caught:  # whichever fails first
        LocalExecutor(2).map(_refused, None, ["x", "y"])
    assert caught.value.problems[0].fix == "mend it"
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == str(caught.value)


def test_no_choice_leaves_the_default_to_the_computation() -> None:
    assert executor_for() is None
    assert executor_for(workers=0) == LocalExecutor(0)
    assert executor_for("tcp://127.0.0.1:8786", workers=3) == DaskExecutor("tcp://127.0.0.1:8786")


@pytest.mark.parametrize("address", ["localhost", "foo://x:1"])
def test_a_malformed_scheduler_address_is_a_clear_error(address: str) -> None:
    pytest.importorskip("distributed")
    with pytest.raises(ClusterError, match="no Dask scheduler answered"):
        DaskExecutor(address, timeout=1).map(_scaled, 1, [1])


def test_a_cluster_without_workers_is_a_clear_error() -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as cluster,
        pytest.raises(ClusterError, match="has no workers"),
    ):
        _ = DaskExecutor(cluster.scheduler_address).workers
