"""report.html: one offline page whose charts carry the run's own numbers, and no one's script."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from inputs import load_sample, read_config, read_register
from inputs.decisions import Lock
from optimiser.solve import SolverOptions
from outputs.board_pack import build_board_pack, write_board_pack
from outputs.board_tables import (
    benefits_by_programme,
    capacity_by_role,
    decision_counts,
    freed_money_k,
    frontier_frame,
    ranked_frame,
    years_frame,
)
from outputs.board_text import format_k, format_money
from outputs.run_tables import RunTables
from reset.decide import Choices
from reset.run import ResetRun, run_reset
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER

EXACT = SolverOptions("highs", time_limit=10, gap_rel=0.0)
SECTIONS = {
    "headline",
    "benefits",
    "decisions",
    "capacity",
    "frontier",
    "findings",
    "dependencies",
    "ranking",
}
COLUMNS = [
    "id",
    "name",
    "directorate",
    "status",
    "programme",
    "description",
    "stage",
    "benefit_type",
    "benefit_2024_25_low",
    "benefit_2024_25_high",
    "benefit_2025_26_low",
    "benefit_2025_26_high",
    "cost_2024_25",
    "fte_project_manager",
    "fte_ict",
    "delivery_risk",
    "depends_on",
    "conflicts_with",
    "benefit_pool",
]
ROOMY_CONFIG = """
name = "Roomy council"
years = ["2024/25", "2025/26"]

[budget_gap]
"2024/25" = 1000
"2025/26" = 2000

[capacity]
project_manager = 10
ict = 10

[budget]
"2024/25" = 5000
"2025/26" = 5000

[missions]
open = "An open and enabling organisation"
"""
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","click me")'
ACCENTED = "Café – naïve"


def register_csv(rows: list[dict[str, object]]) -> str:
    """Rows as a register CSV, quoted by the csv module so any text survives."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                "status": "in_flight",
                "stage": "delivery",
                "benefit_type": "cashable",
                "fte_project_manager": 0.5,
                "fte_ict": 0.5,
                "delivery_risk": 2,
                **row,
            }
        )
    return out.getvalue()


def run_of(
    folder: Path, rows: list[dict[str, object]], locks: dict[str, Lock] | None = None
) -> ResetRun:
    (folder / "register.csv").write_text(register_csv(rows), encoding="utf-8")
    (folder / "config.toml").write_text(ROOMY_CONFIG, encoding="utf-8")
    config = read_config(folder / "config.toml")
    register = read_register(folder / "register.csv", config=config)
    return run_reset(register, config, Choices(locks=locks or {}), options=EXACT)


@pytest.fixture(scope="module")
def small_run() -> ResetRun:
    config = read_config(SMALL_CONFIG)
    return run_reset(read_register(SMALL_REGISTER, config=config), config, options=EXACT)


@pytest.fixture(scope="module")
def pooled_run(tmp_path_factory: pytest.TempPathFactory) -> ResetRun:
    """Two programmes claim from one savings pool and both proceed: the pool is counted once."""
    money = {"benefit_2025_26_low": 100, "benefit_2025_26_high": 300}
    return run_of(
        tmp_path_factory.mktemp("pooled"),
        [
            {
                "id": "P1",
                "name": "Shared savings A",
                "directorate": "Adults",
                "programme": "Digital",
            }
            | money
            | {"benefit_pool": "shared"},
            {"id": "P2", "name": "Shared savings B", "directorate": "Place", "programme": "Place"}
            | money
            | {"benefit_2024_25_low": 50, "benefit_2024_25_high": 50, "benefit_pool": "shared"},
            {"id": "P3", "name": "Own savings", "directorate": "Place"} | money,
        ],
        locks=dict.fromkeys(("P1", "P2", "P3"), Lock.CONTINUE),
    )


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> ResetRun:
    """Names, directorates and programmes written to attack a web page and a spreadsheet."""
    money = {"benefit_2025_26_low": 100, "benefit_2025_26_high": 200}
    return run_of(
        tmp_path_factory.mktemp("hostile"),
        [
            {
                "id": "H1",
                "name": SCRIPT,
                "directorate": "<script>alert(2)</script>",
                "programme": "<img src=x onerror=alert(3)>",
                "description": "a rival bid",
                "conflicts_with": "H2",
            }
            | money,
            {
                "id": "H2",
                "name": IMAGE,
                "directorate": "Adults",
                "programme": "Digital",
                "status": "pipeline",
                "conflicts_with": "H1",
            }
            | money,
            {"id": "H3", "name": FORMULA, "directorate": "Place", "depends_on": "H1"} | money,
            {"id": "H4", "name": ACCENTED, "directorate": "Place", "depends_on": "H1"} | money,
            {"id": "H5", "name": "Plain", "directorate": "Place", "depends_on": "H1"} | money,
        ],
    )


class PageParser(HTMLParser):
    """Every start tag, each section's id with its title, and the text outside scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.titles: dict[str, str] = {}
        self.text: list[str] = []
        self._section: str | None = None
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "section":
            self._section = found.get("id")
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if "script" in self._in or "style" in self._in:
            return
        self.text.append(data)
        if self._in and self._in[-1] == "h2" and self._section:
            self.titles[self._section] = self.titles.get(self._section, "") + data


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    return parser


def plots(page: str) -> dict[str, dict[str, Any]]:
    """Each chart's div id -> its plotly data and layout, read from the Plotly.newPlot calls."""
    decoder = json.JSONDecoder()
    found = {}
    for match in re.finditer(r'Plotly\.newPlot\(\s*"([^"]+)",\s*', page):
        data, end = decoder.raw_decode(page, match.end())
        layout, _ = decoder.raw_decode(page, page.index("{", end))
        found[match.group(1)] = {"data": data, "layout": layout}
    return found


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def bar_sums(trace_list: list[dict[str, Any]], axis: str) -> dict[str, list[float]]:
    return {t["name"]: t[axis] for t in trace_list if t["type"] == "bar"}


def test_one_offline_page_with_plotly_inlined_once(small_run, tmp_path: Path) -> None:
    path = write_board_pack(RunTables(small_run), tmp_path / "report.html")
    page = path.read_text(encoding="utf-8")
    parsed = parse(page)
    assert page.count("plotly.js v") == 1
    assert not [a for tag, a in parsed.tags if tag in ("script", "link", "img") and a.get("src")]
    assert not [a for tag, a in parsed.tags if tag == "link"]
    assert "@media print" in page and "@page" in page
    assert set(parsed.titles) == SECTIONS
    assert set(plots(page)) == {
        "chart-benefits",
        "chart-decisions-programme",
        "chart-decisions-directorate",
        "chart-capacity",
        "chart-frontier",
        "chart-dependencies",
    }


def test_titles_state_the_finding(small_run) -> None:
    titles = parse(build_board_pack(RunTables(small_run))).titles
    assert (
        titles["headline"]
        == "The plan closes 6% of the 2024/25 to 2025/26 budget gap (£180k of £3.0m)"
    )
    assert titles["benefits"].startswith("The plan closes 0% of the 2024/25 gap (£0k of £1.0m)")
    assert titles["decisions"] == "1 project pauses or terminates so that 3 can proceed"
    assert "1 clash" in titles["findings"]


def test_benefits_chart_carries_the_plan_and_the_gap(small_run) -> None:
    chart = plots(build_board_pack(RunTables(small_run)))["chart-benefits"]["data"]
    bars = bar_sums(chart, "y")
    for t in range(len(small_run.result.years)):
        total = sum(values[t] for values in bars.values())
        assert total == pytest.approx(small_run.result.benefit[t], abs=0.05 * len(bars))
    gap = next(t for t in chart if t["name"] == "Budget gap")
    assert gap["y"] == [small_run.config.budget_gap[y] for y in small_run.result.years]
    whiskers = next(t for t in chart if t["name"].startswith("Low-high"))
    low = [y - m for y, m in zip(whiskers["y"], whiskers["error_y"]["arrayminus"], strict=True)]
    high = [y + p for y, p in zip(whiskers["y"], whiskers["error_y"]["array"], strict=True)]
    assert low == pytest.approx(list(small_run.result.benefit_low), abs=0.1)
    assert high == pytest.approx(list(small_run.result.benefit_high), abs=0.1)


def test_decision_charts_count_every_project_once(small_run) -> None:
    charts = plots(build_board_pack(RunTables(small_run)))
    for by in ("programme", "directorate"):
        bars = bar_sums(charts[f"chart-decisions-{by}"]["data"], "x")
        assert {name.lower(): sum(x) for name, x in bars.items()} == small_run.result.counts()


def test_pooled_benefits_by_programme_sum_to_the_plan(pooled_run) -> None:
    """P1 and P2 share a pool counted at its largest claim: programmes still add up."""
    result = pooled_run.result
    assert result.counts()["continue"] == 3
    frame = benefits_by_programme(RunTables(pooled_run))
    totals = frame.groupby("year", sort=False)[["benefit_k", "low_k", "high_k"]].sum()
    assert totals["benefit_k"].tolist() == pytest.approx(list(result.benefit))
    assert totals["low_k"].tolist() == pytest.approx(list(result.benefit_low))
    assert totals["high_k"].tolist() == pytest.approx(list(result.benefit_high))
    year = frame[frame["year"] == "2025/26"].set_index("programme")
    assert year.loc["Digital", "low_k"] == pytest.approx(year.loc["Place", "low_k"])
    # on the expected basis (delivery 0.9 x cashable 1): the pool once (90) + P3 (90)
    assert year["low_k"].sum() == pytest.approx(90 + 90)
    assert frame["programme"].iloc[-1] == "Business as usual"


def test_tables_behind_the_charts(small_run) -> None:
    years = years_frame(RunTables(small_run))
    assert years["gap_k"].tolist() == [1000, 2000]
    programmes = decision_counts(RunTables(small_run), "programme").set_index("programme")
    assert programmes.loc["Business as usual", "terminate"] == 1  # DIG2 has no programme
    assert programmes["total"].sum() == 4
    roles = capacity_by_role(RunTables(small_run)).set_index("role")
    assert (roles["used_fte"] <= roles["capacity_fte"] + roles["external_fte"] + 1e-9).all()
    assert roles.loc["ict", "demand_fte"] == pytest.approx(1 + 0.5 + 0.5 + 0)
    assert freed_money_k(RunTables(small_run)) == 0  # the only stop (DIG2) is in the pipeline
    frontier = frontier_frame(RunTables(small_run))
    assert frontier is not None and frontier["closed"].between(0, 1).all()
    ranked = ranked_frame(RunTables(small_run))
    assert ranked["rank"].tolist() == [1, 2, 3, 4] and ranked["reason"].all()
    with pytest.raises(ValueError, match="programme or directorate"):
        decision_counts(RunTables(small_run), "sponsor")


def test_money_reads_as_the_board_reads_it() -> None:
    assert format_money(31_200) == "£31.2m"
    assert format_money(999.6) == "£1.0m"
    assert format_money(850) == "£850k"
    assert format_money(-1_500) == "-£1.5m"
    assert format_k(29_158.4) == "£29,158k"


def test_hostile_register_text_never_runs(hostile_run) -> None:
    page = build_board_pack(RunTables(hostile_run))
    for attack in ("<script>alert", "<img src=x", "<script>alert(2)", "<img src=x onerror"):
        assert attack not in page
    parsed = parse(page)
    assert not [tag for tag, _ in parsed.tags if tag == "img"]
    scripts = [a for tag, a in parsed.tags if tag == "script"]
    assert len(scripts) == 2 + len(plots(page))  # plotly.js, the print hook, one per chart
    text = "".join(parsed.text)
    for name in (SCRIPT, IMAGE, FORMULA, ACCENTED, "<script>alert(2)</script>"):
        assert name in text  # shown to the reader as text
    charts = plots(page)
    shown = [s for chart in charts.values() for s in strings(chart)]
    assert not [s for s in shown if "<script" in s or "<img" in s]
    assert any(s == "&lt;img src=x onerror=alert(3)&gt;" for s in shown)  # programme label
    assert any(ACCENTED in s for s in shown)  # the graph's hover keeps the accents


def test_sample_board_pack(tmp_path: Path) -> None:
    run = run_reset(*load_sample(), options=SolverOptions("highs", 10, 0.005))
    page = write_board_pack(RunTables(run), tmp_path / "report.html").read_text(encoding="utf-8")
    charts = plots(page)
    bars = bar_sums(charts["chart-benefits"]["data"], "y")
    totals = [sum(v[t] for v in bars.values()) for t in range(len(run.result.years))]
    assert totals == pytest.approx(list(run.result.benefit), abs=0.05 * len(bars))
    decisions = bar_sums(charts["chart-decisions-directorate"]["data"], "x")
    assert {n.lower(): sum(x) for n, x in decisions.items()} == run.result.counts()
    ranking = page[page.index('<section id="ranking"') :]
    assert ranking.count("<tr>") == run.problem.size + 1  # the header and every project
    assert set(parse(page).titles) == SECTIONS


def test_a_run_without_the_frontier_says_how_to_get_it() -> None:
    config = read_config(SMALL_CONFIG)
    register = read_register(SMALL_REGISTER, config=config)
    run = run_reset(register, config, options=EXACT, frontier=False)
    page = parse(build_board_pack(RunTables(run)))
    assert page.titles["frontier"] == "The efficient frontier was not computed in this run"
    assert "chart-frontier" not in plots(build_board_pack(RunTables(run)))
