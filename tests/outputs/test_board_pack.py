"""report.html: one offline page whose charts carry the run's own numbers, and no one's script."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from inputs import load_sample, read_config, read_register
from inputs.decisions import Lock
from optimiser.solve import SolverOptions
from outputs.board_charts import PRINT_HEIGHT
from outputs.board_pack import build_board_pack, write_board_pack
from outputs.board_tables import (
    APPENDIX_TOP,
    appendix_frame,
    benefits_by_programme,
    capacity_by_role,
    decision_counts,
    freed_money_k,
    frontier_frame,
    ranked_frame,
    years_frame,
)
from outputs.board_text import (
    deferred_text,
    format_date,
    format_k,
    format_money,
    format_ratio,
    product_version,
)
from outputs.run_tables import RunTables, build_summary
from reset.decide import Choices
from reset.run import ResetRun, run_reset
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER

EXACT = SolverOptions("highs", time_limit=10, gap_rel=0.0)
SECTIONS = {
    "headline",
    "benefits",
    "odds",
    "robust",
    "decisions",
    "capacity",
    "frontier",
    "findings",
    "dependencies",
    "governance",
    "method",
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
RUN_DATE = date(2025, 3, 14)
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","click me")'
ACCENTED = "Café – naïve"


def register_csv(rows: list[dict[str, object]], extra: tuple[str, ...] = ()) -> str:
    """Rows as a register CSV, quoted by the csv module so any text survives."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, *extra], lineterminator="\n")
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
    folder: Path,
    rows: list[dict[str, object]],
    locks: dict[str, Lock] | None = None,
    extra: tuple[str, ...] = (),
) -> ResetRun:
    (folder / "register.csv").write_text(register_csv(rows, extra), encoding="utf-8")
    (folder / "config.toml").write_text(ROOMY_CONFIG, encoding="utf-8")
    config = read_config(folder / "config.toml")
    register = read_register(folder / "register.csv", config=config)
    return run_reset(register, config, Choices(locks=locks or {}), options=EXACT, core=False)


@pytest.fixture(scope="module")
def small_run() -> ResetRun:
    config = read_config(SMALL_CONFIG)
    return run_reset(
        read_register(SMALL_REGISTER, config=config), config, options=EXACT, core=False
    )


@pytest.fixture(scope="module")
def sample_run() -> ResetRun:
    """The bundled 570-project sample: long enough that the appendix is capped."""
    return run_reset(*load_sample(), options=SolverOptions("highs", 10, 0.005), core=False)


@pytest.fixture(scope="module")
def sample_page(sample_run: ResetRun) -> str:
    return build_board_pack(RunTables(sample_run), RUN_DATE)


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


class TableParser(HTMLParser):
    """The text of every cell of every row, header rows included."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(fragment: str) -> list[list[str]]:
    parser = TableParser()
    parser.feed(fragment)
    return parser.rows


def section(page: str, key: str) -> str:
    """One section's HTML."""
    start = page.index(f'<section id="{key}"')
    return page[start : page.index("</section>", start)]


def tables_in(fragment: str) -> list[list[list[str]]]:
    """Each table of a fragment, as rows of cell text."""
    return [table_rows(t) for t in re.findall(r"<table.*?</table>", fragment, flags=re.S)]


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
        "chart-odds",
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
    assert titles["decisions"] == "1 project pauses or terminates so that 3 can proceed now"
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
    roles = capacity_by_role(RunTables(small_run)).set_index(["role", "year"])
    assert (roles["used_fte"] <= roles["capacity_fte"] + roles["external_fte"] + 1e-9).all()
    assert roles.loc[("ict", "2024/25"), "demand_fte"] == pytest.approx(1 + 0.5 + 0.5 + 0)
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


def test_sample_board_pack(sample_run: ResetRun, sample_page: str) -> None:
    run, page = sample_run, sample_page
    charts = plots(page)
    bars = bar_sums(charts["chart-benefits"]["data"], "y")
    totals = [sum(v[t] for v in bars.values()) for t in range(len(run.result.years))]
    assert totals == pytest.approx(list(run.result.benefit), abs=0.05 * len(bars))
    decisions = bar_sums(charts["chart-decisions-directorate"]["data"], "x")
    assert {n.lower(): sum(x) for n, x in decisions.items()} == run.result.counts()
    assert set(parse(page).titles) == SECTIONS
    assert all(chart["layout"]["height"] <= PRINT_HEIGHT for chart in charts.values())


def test_appendix_is_capped_to_what_the_board_must_read(
    sample_run: ResetRun, sample_page: str
) -> None:
    tables = RunTables(sample_run)
    shown = appendix_frame(tables)
    rows = table_rows(section(sample_page, "ranking"))
    assert rows[0][:4] == ["Rank", "ID", "Project", "Decision"] and "ROI" in rows[0]
    assert [r[1] for r in rows[1:]] == shown["id"].tolist()
    decided = tables.decisions
    changes = decided["decision"].isin(["pause", "terminate", "accelerate"]) | (
        decided["action"] == "initiate: business case first"
    )
    expected = set(decided["id"].head(APPENDIX_TOP)) | set(decided.loc[changes, "id"])
    assert set(shown["id"]) == expected
    assert len(shown) < sample_run.problem.size
    title = parse(sample_page).titles["ranking"]
    assert title.startswith(f"Appendix: {len(shown)} of the {sample_run.problem.size} projects")
    assert f"decisions.xlsx lists all {sample_run.problem.size} projects" in sample_page
    roi = dict(zip(decided["id"], decided["roi"], strict=True))
    roi_col = rows[0].index("ROI")
    for row in rows[1:6]:
        value = roi[row[1]]
        assert row[roi_col] == format_ratio(None if pd.isna(value) else value)
    capped = appendix_frame(tables, top=2, limit=5)
    assert len(capped) == 5 and capped["id"].tolist()[:2] == decided["id"].head(2).tolist()


def test_a_run_without_the_frontier_says_how_to_get_it() -> None:
    config = read_config(SMALL_CONFIG)
    register = read_register(SMALL_REGISTER, config=config)
    run = run_reset(register, config, options=EXACT, frontier=False, core=False)
    page = parse(build_board_pack(RunTables(run)))
    assert page.titles["frontier"] == "The efficient frontier was not computed in this run"
    assert "chart-frontier" not in plots(build_board_pack(RunTables(run)))


def test_headline_gives_the_return_mtfs_at_risk_and_critical_enablers(
    sample_run: ResetRun, sample_page: str
) -> None:
    tables = RunTables(sample_run)
    headline = section(sample_page, "headline")
    roi = tables.summary["return_on_investment"]
    assert f">{format_ratio(roi['ratio'])}<" in headline
    assert "the committee report&#x27;s expected 3:1 to 5:1" in headline
    at_risk = sum(year["mtfs_at_risk_k"] for year in tables.summary["years"])
    assert at_risk > 0
    assert f">{format_money(at_risk)}<" in headline
    assert "of MTFS savings at risk over 2024/25 to 2027/28" in headline
    enablers = sorted(
        (f for f in sample_run.checks.findings if f.kind.value == "critical_enabler"),
        key=lambda f: (-f.data["dependants"], f.project_ids[0]),
    )
    items = re.findall(r"<li>(.*?)</li>", headline)
    assert len(items) == 3
    for item, finding in zip(items, enablers, strict=False):
        assert item.startswith(f"{finding.project_ids[0]} (")
        assert f"is needed by {finding.data['dependants']} projects; pausing it stops" in item
        assert format_money(float(finding.data["benefit_low"])) in item


def test_governance_lists_the_routes_of_this_run(sample_run: ResetRun, sample_page: str) -> None:
    governance = section(sample_page, "governance")
    counts, committee, board, *_ = tables_in(governance)
    assert {row[0]: int(row[1]) for row in counts[1:]} == sample_run.governance.counts()
    decided = RunTables(sample_run).decisions
    assert [row[0] for row in committee[1:]] == decided.loc[
        decided["route"] == "committee approval", "id"
    ].tolist()
    assert all(row[3].startswith("budget impact") or "wards" in row[3] for row in committee[1:])
    on_board = decided[decided["route"] == "Transformation Board"]
    changing = on_board["decision"].isin(["pause", "terminate", "accelerate"]) | (
        on_board["action"] == "initiate: business case first"
    )
    listed = [row[0] for row in board[1:]]
    assert listed == on_board.loc[changing, "id"].tolist()
    assert 0 < len(listed) < len(on_board)
    assert f"{len(on_board) - len(listed)} more projects continue or start" in governance
    assert "The register has no service_impact column" in governance


def test_decisions_waiting_on_an_eqia_are_listed(tmp_path: Path) -> None:
    money = {"benefit_2025_26_low": 100, "benefit_2025_26_high": 200}
    run = run_of(
        tmp_path,
        [
            {"id": "E1", "name": "New care model", "directorate": "Adults", "status": "pipeline"}
            | money
            | {"service_impact": "yes", "eqia": "needed"},
            {"id": "E2", "name": "Libraries", "directorate": "Place"}
            | money
            | {"service_impact": "yes", "eqia": "done"},
        ],
        extra=("service_impact", "eqia"),
    )
    assert RunTables(run).summary["governance"]["eqia_needed"] == ["E1"]
    governance = section(build_board_pack(RunTables(run)), "governance")
    waiting = tables_in(governance)[-1]
    assert [row[0] for row in waiting[1:]] == ["E1"]
    assert "no service_impact column" not in governance


def test_method_section_carries_the_config(small_run: ResetRun) -> None:
    page = build_board_pack(RunTables(small_run), RUN_DATE)
    method = section(page, "method")
    weights, stages = tables_in(method)
    config = small_run.config
    assert "Criteria weights given directly" in method
    used = small_run.scores.weights.weights
    assert weights[0] == ["Criterion", "Weight", "Given"]
    assert {row[0]: row[1] for row in weights[1:]} == {
        c.replace("_", " ").capitalize(): f"{w:.1%}" for c, w in used.items()
    }
    assert [row[2] for row in weights[1:]] == [f"{w:g}" for w in config.weights.direct.values()]
    assert f"Score weight {config.optimiser.score_weight:g}" in method
    confidence = {row[0].split(" (")[0]: row[1:] for row in stages[1:]}
    for stage, share in config.scoring.confidence.items():
        bias = config.scoring.optimism_bias[stage]
        label = stage.value.replace("_", " ").capitalize()
        assert confidence[label] == [f"{share:.0%}", f"{bias:.0%}"]
    assert f"Rule <b>{config.scoring.mtfs_rule}</b>" in method
    assert "Solved with highs: proven optimal" in method
    assert f"Run on {format_date(RUN_DATE)} with portfolio-reset {product_version()}" in method
    notes = small_run.portfolio.assumptions
    count = sum(len(n) for n in notes)
    noted = sum(1 for n in notes if n)
    assert f"{count} per-project assumption" in method
    assert f"for {noted} of the 4 projects" in method


@pytest.mark.parametrize(
    ("weights", "words", "given"),
    [
        (
            {"swing": {"mission_alignment": 50, "value": 100, "risk": 20, "capacity": 30}},
            "by swing weighting",
            ["Swing points", "50", "100", "20", "30"],
        ),
        (
            {"ahp": {"value/risk": 3, "value/capacity": 3, "mission_alignment/value": "1/2"}},
            "by AHP",
            None,
        ),
    ],
)
def test_swing_and_ahp_weights_say_how_they_were_given(
    small_run: ResetRun, weights: dict[str, Any], words: str, given: list[str] | None
) -> None:
    config = small_run.config.model_copy(
        update={"weights": type(small_run.config.weights).model_validate(weights)}
    )
    run = run_reset(small_run.register, config, options=EXACT, frontier=False, core=False)
    method = section(build_board_pack(RunTables(run)), "method")
    table = tables_in(method)[0]
    assert words in method
    shown = {row[0]: row[1] for row in table[1:]}
    assert shown == {
        c.replace("_", " ").capitalize(): f"{w:.1%}" for c, w in run.scores.weights.weights.items()
    }
    if given is None:
        assert len(table[0]) == 2
        assert f"consistency ratio {run.scores.weights.consistency_ratio:.3f}" in method
    else:
        assert [table[0][2], *(row[2] for row in table[1:])] == given


def test_a_config_without_a_name_is_titled_by_its_register(small_run: ResetRun) -> None:
    config = small_run.config.model_copy(update={"name": ""})
    run = run_reset(small_run.register, config, options=EXACT, frontier=False, core=False)
    page = build_board_pack(RunTables(run), RUN_DATE)
    assert "<title>Portfolio reset: small_register.csv</title>" in page
    assert "<h1>Portfolio reset: small_register.csv</h1>" in page
    assert ": portfolio reset board pack" not in page


def test_pages_print_on_a4_with_title_date_and_page_numbers(small_run: ResetRun) -> None:
    hostile = '"; } body { display: none } </style><script>alert(9)</script> & co'
    config = small_run.config.model_copy(update={"name": hostile})
    run = run_reset(small_run.register, config, options=EXACT, frontier=False, core=False)
    page = build_board_pack(RunTables(run), RUN_DATE)
    style = page[page.index("<style>") : page.index("</style>")]
    assert "size: A4 landscape" in style and 'counter(page) " of " counter(pages)' in style
    assert "section { break-before: page;" in style and "tr, h2, h3" in style
    assert page.count("</style>") == 1 and "alert(9)</script>" not in page
    top_left = re.search(r'@top-left \{ content: "([^"]*)"', style)
    assert top_left is not None
    shown = re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), top_left.group(1))
    assert shown == f"{hostile}: portfolio reset board pack"
    assert f"Run {format_date(RUN_DATE)}" in re.sub(
        r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), style
    )


def test_benefits_name_the_pauses_that_resume_and_the_tail(
    sample_run: ResetRun, sample_page: str
) -> None:
    text = section(sample_page, "benefits")
    resumed = [d for d in sample_run.result.decisions if d.resume_year]
    assert resumed, "the sample's time-phased plan resumes some paused work"
    by_year = {y: sum(d.resume_year == y for d in resumed) for y in sample_run.result.years}
    when = ", ".join(f"{n} in {y}" for y, n in by_year.items() if n)
    assert f"{len(resumed)} paused projects resume within the horizon ({when})" in text
    tail = sample_run.result.chosen.tail.sum()
    assert f"{format_money(tail)} of expected benefits fall after 2027/28" in text


def test_no_pause_that_resumes_and_no_tail_says_nothing() -> None:
    assert deferred_text({"tail_k": 0.0, "resumes": {"2025/26": 0}}, ("2024/25", "2025/26")) == ""


def test_the_odds_say_how_likely_the_plan_closes_each_year(
    sample_run: ResetRun, sample_page: str
) -> None:
    risk = build_summary(sample_run)["risk"]
    text = section(sample_page, "odds")
    chances = ", ".join(f"{y['year']} {y['p_closed']:.0%}" for y in risk["years"])
    assert f"Chance of closing the gap: {chances}" in text
    more = sum(y["contingency_k"] for y in risk["years"])
    assert f"to be 80% sure of each year, find {format_money(more)} more" in text
    headline = html.unescape(section(sample_page, "headline"))
    assert "chance the plan closes every year's gap, over 10,000 simulated futures" in headline
    assert f"{risk['p_every_year']:.0%}" in headline
    fan = plots(sample_page)["chart-odds"]["data"]
    names = [trace["name"] for trace in fan]
    assert names == ["P90", "P10-P90: 8 in 10 futures", "Median future", "Budget gap"]
    assert fan[1]["fill"] == "tonexty"
    p10, p50, p90 = (np.array(fan[k]["y"]) for k in (1, 2, 0))
    assert (p10 <= p50).all() and (p50 <= p90).all()
    assert fan[3]["y"] == [round(y["gap_k"], 1) for y in risk["years"]]
