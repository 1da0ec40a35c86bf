"""The core index: which projects are in every good plan over sampled futures, in some, or in
none; seeded, independent of row order, and the same on one process, several, or a Dask
cluster."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from inputs.errors import ClusterError
from optimiser.solve import build_models
from parallel import DaskExecutor, LocalExecutor
from reset.run import ResetRun
from risk import Robustness, core_index
from tests.reset.registers import config_text, run_rows

FUTURES = "[risk]\nfutures = 60\n"


def ranged(project_id: str, low: float, high: float, **extra: object) -> dict[str, object]:
    """A project needing half the one project manager, its 2024/25 benefit in [low, high]."""
    return {
        "id": project_id,
        "name": f"Project {project_id}",
        "benefit_2024_25_low": low,
        "benefit_2024_25_high": high,
        "fte_project_manager": 0.5,
        **extra,
    }


# Room for two of four: A is far ahead in every reading, B and C trade places within their
# wide ranges, D is behind both in every reading.
ROWS = [
    ranged("A", 900, 1000),
    ranged("B", 100, 800),
    ranged("C", 100, 800),
    ranged("D", 0, 20),
]


def robust_run(folder: Path, rows: list[dict[str, object]] = ROWS) -> ResetRun:
    folder.mkdir(parents=True, exist_ok=True)
    return run_rows(folder, rows, config_text(gap=3000, capacity=1, extra=FUTURES), core=True)


def shares(run: ResetRun) -> dict[str, float]:
    assert run.core is not None
    return dict(zip(run.portfolio.ids, run.core.share.tolist(), strict=True))


def test_the_sure_winner_is_core_the_trade_offs_borderline_and_the_laggard_exterior(
    tmp_path: Path,
) -> None:
    run = robust_run(tmp_path)
    assert run.core is not None and run.core.futures == 60 and run.core.unsolved == 0
    share = shares(run)
    labels = dict(zip(run.portfolio.ids, run.core.labels, strict=True))
    assert share["A"] == 1.0 and labels["A"] is Robustness.CORE
    assert share["D"] == 0.0 and labels["D"] is Robustness.EXTERIOR
    assert 0.2 < share["B"] < 0.8 and labels["B"] is Robustness.BORDERLINE
    assert share["B"] + share["C"] == pytest.approx(1.0)  # one place left, always filled
    assert run.core.counts() == {
        Robustness.CORE: 1,
        Robustness.BORDERLINE: 2,
        Robustness.EXTERIOR: 1,
    }


def test_the_core_index_is_seeded_and_ignores_the_registers_row_order(tmp_path: Path) -> None:
    first = robust_run(tmp_path / "a")
    again = robust_run(tmp_path / "b")
    shuffled = list(ROWS)
    random.Random(4).shuffle(shuffled)
    assert [r["id"] for r in shuffled] != [r["id"] for r in ROWS]
    moved = robust_run(tmp_path / "c", shuffled)
    assert shares(first) == shares(again) == shares(moved)


def test_mandatory_and_locked_work_is_core_in_every_future(tmp_path: Path) -> None:
    rows = [*ROWS[:3], ranged("D", 0, 20, mandatory="yes")]
    run = robust_run(tmp_path, rows)
    assert shares(run)["D"] == 1.0


@pytest.fixture(scope="module")
def sample_like(tmp_path_factory: pytest.TempPathFactory) -> ResetRun:
    """Eight projects trading places, so several futures' plans differ."""
    rows = [ranged(f"P{k}", 50 * k, 400 + 60 * k) for k in range(8)]
    return robust_run(tmp_path_factory.mktemp("eight"), rows)


def test_processes_give_the_same_index_as_one_process(sample_like: ResetRun) -> None:
    run = sample_like
    model = build_models(run.problem).hard
    here = core_index(run.portfolio, run.scores, run.problem, model, LocalExecutor(1))
    spread = core_index(run.portfolio, run.scores, run.problem, model, LocalExecutor(2))
    np.testing.assert_array_equal(here.share, spread.share)
    assert 0 < here.share.min() < 1 or 0 < here.share.max() < 1  # futures disagree somewhere
    assert "2 processes" in spread.where


def test_a_dask_cluster_on_localhost_gives_the_same_index(sample_like: ResetRun) -> None:
    distributed = pytest.importorskip("distributed")
    run = sample_like
    model = build_models(run.problem).hard
    here = core_index(run.portfolio, run.scores, run.problem, model, LocalExecutor(1))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        assert executor.workers == 2
        remote = core_index(run.portfolio, run.scores, run.problem, model, executor)
    np.testing.assert_array_equal(here.share, remote.share)
    assert remote.where == f"the Dask cluster at {cluster.scheduler_address}"


def test_an_unreachable_cluster_is_a_clear_error(sample_like: ResetRun) -> None:
    pytest.importorskip("distributed")
    run = sample_like
    model = build_models(run.problem).hard
    with pytest.raises(ClusterError, match=r"no Dask scheduler answered at tcp://127.0.0.1:9"):
        core_index(
            run.portfolio,
            run.scores,
            run.problem,
            model,
            DaskExecutor("tcp://127.0.0.1:9", timeout=1),
        )


def test_no_futures_means_no_core_index(tmp_path: Path) -> None:
    run = run_rows(tmp_path, ROWS, config_text(gap=3000, extra="[risk]\nfutures = 0\n"), core=True)
    assert run.core is None
