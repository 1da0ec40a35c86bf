"""The graph explorer's neighbourhood of a project in a savings pool holds every partner,
although the pool is drawn as a path of edges."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from dependencies.report import check_portfolio
from tests.dependencies.test_pathological import _portfolio
from tests.hostile import one_pool
from workspace import graph_view


def test_the_neighbourhood_of_a_pooled_project_holds_its_whole_pool(tmp_path: Path) -> None:
    report = check_portfolio(_portfolio(tmp_path, one_pool, 40))
    workspace = cast(Any, SimpleNamespace(baseline=SimpleNamespace(checks=report)))
    shown = graph_view._scope(workspace, "P20", "neighbourhood")
    assert shown == sorted(f"P{i}" for i in range(1, 41))
