"""The `prioritise` command line: parses arguments, calls the library, prints or writes results."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
from rich.console import Console

from dependencies.export import write_graphml, write_node_link_json
from dependencies.portfolio import check_portfolio
from inputs import (
    Config,
    InputError,
    Project,
    Register,
    read_config,
    read_register,
    validate_register,
)
from inputs.config import config_for_register
from inputs.decisions import Lock
from inputs.errors import OptimiserError
from inputs.sample import sample_config_path, sample_register_path
from inputs.scenarios import Scenario, read_scenarios
from optimiser.pipeline import run_reset, solver_options
from optimiser.whatif import run_scenario
from outputs.board_pack import write_board_pack
from outputs.comparison_files import format_comparison_text, write_comparison
from outputs.findings_report import format_findings_json, format_findings_text
from outputs.graph_page import write_graph_page
from outputs.ranking import format_ranking, write_ranking
from outputs.reset_files import (
    build_summary,
    format_run_text,
    write_decisions_csv,
    write_summary_json,
)
from outputs.template import write_template
from outputs.validation_report import format_validation_json, format_validation_text
from outputs.workbook import (
    read_decision_locks,
    write_decisions_workbook,
    write_group_workbooks,
)
from prioritise import score_portfolio

REGISTER = click.argument(
    "register", required=False, type=click.Path(path_type=Path, dir_okay=False)
)
CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config TOML. Default: the sample's config when no register is given.",
)
FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)
SHEET = click.option("--sheet", help="Sheet of an .xlsx register to read (default: the first).")


def _load_config(config_path: Path | None, register: Path | None) -> Config | None:
    if config_path is None and register is None:
        config_path = sample_config_path()
    if config_path is None:
        return None
    try:
        return read_config(config_path)
    except InputError as failed:
        raise click.ClickException(str(failed)) from failed


def _load_register(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    config_required: bool = False,
) -> tuple[Register, Config]:
    """The validated register and its config (the sample's when neither is given)."""
    config = _load_config(config_path, register)
    if config is None and config_required:
        raise click.UsageError(
            "deciding the reset needs the council's limits: give --config with [budget_gap], "
            "[capacity] and [budget] (see README, The config; the sample's is "
            f"{sample_config_path()})"
        )
    try:
        loaded = read_register(register or sample_register_path(), sheet=sheet, config=config)
    except InputError as failed:
        raise click.ClickException(
            f"{failed}\nRun `prioritise validate` for the full list with warnings."
        ) from failed
    if config is None:
        click.echo(
            "No --config given: scoring with default weights and equal mission weights.", err=True
        )
        try:
            config = config_for_register(loaded.years, loaded.missions)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
    return loaded, config


QUIET = click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
SOLVER = click.option(
    "--solver", type=click.Choice(["cbc", "highs"]), help="Default: the config's (cbc)."
)
TIME_LIMIT = click.option(
    "--time-limit", type=click.FloatRange(min=0.1), help="Seconds per solve (default 60)."
)
GAP = click.option(
    "--gap",
    "gap_rel",
    type=click.FloatRange(0, 0.5),
    help="Relative optimality gap to stop at (default 0.005; 0 = prove optimal).",
)


@contextlib.contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr naming the current step; silent with --quiet or off a terminal."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda message: None
        return
    with console.status("Starting") as status:

        def show(message: str) -> None:
            status.update(message)
            console.print(message, style="dim", highlight=False)

        yield show


def _write(path: Path, write: Callable[[], object]) -> None:
    try:
        write()
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="portfolio-reset")
def cli() -> None:
    """Score, check and reset a council's transformation portfolio.

    With no REGISTER, commands use the bundled ~570-project sample portfolio.
    """


@cli.command()
@REGISTER
@CONFIG
@SHEET
@FORMAT
def validate(register: Path | None, config_path: Path | None, sheet: str | None, fmt: str) -> None:
    """Check a register; list every problem. Exit 0 if usable, 1 if not (warnings never fail)."""
    config = _load_config(config_path, register)
    report = validate_register(register or sample_register_path(), sheet=sheet, config=config)
    click.echo(format_validation_json(report) if fmt == "json" else format_validation_text(report))
    sys.exit(0 if report.ok else 1)


@cli.command()
@REGISTER
@CONFIG
@SHEET
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the full ranking (every project, every number) to this CSV.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=25,
    show_default=True,
    help="How many projects to print.",
)
@click.option("--no-stability", is_flag=True, help="Skip the Monte Carlo rank bands.")
def score(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    out: Path | None,
    top: int,
    no_stability: bool,
) -> None:
    """Score and rank every project, with the breakdown and rank stability bands."""
    loaded, config = _load_register(register, config_path, sheet)
    result = score_portfolio(loaded, config, stability=not no_stability)
    click.echo(format_ranking(result, top))
    if out is not None:
        _write(out, lambda: write_ranking(result, out))
        click.echo(f"Wrote the full ranking of {len(result.projects)} projects to {out}")


@cli.command()
@REGISTER
@CONFIG
@SHEET
@FORMAT
def check(register: Path | None, config_path: Path | None, sheet: str | None, fmt: str) -> None:
    """Dependency checks: prerequisites, clashes, double counting, duplicates, enablers."""
    loaded, config = _load_register(register, config_path, sheet)
    report = check_portfolio(loaded, config)
    click.echo(format_findings_json(report) if fmt == "json" else format_findings_text(report))


@cli.command()
@REGISTER
@CONFIG
@SHEET
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default="graph.html",
    show_default=True,
    help="The interactive page (.html), or .graphml / .json.",
)
@click.option(
    "--colour-by",
    type=click.Choice(["programme", "directorate"]),
    default="programme",
    show_default=True,
)
def graph(
    register: Path | None, config_path: Path | None, sheet: str | None, out: Path, colour_by: str
) -> None:
    """Write the dependency graph: an offline interactive page, GraphML or node-link JSON."""
    loaded, config = _load_register(register, config_path, sheet)
    network = check_portfolio(loaded, config).graph
    writers = {
        ".html": lambda: write_graph_page(network, out, colour_by),
        ".graphml": lambda: write_graphml(network, out),
        ".json": lambda: write_node_link_json(network, out),
    }
    if out.suffix.lower() not in writers:
        raise click.BadParameter("name the file .html, .graphml or .json", param_hint="--out")
    _write(out, writers[out.suffix.lower()])
    click.echo(
        f"Wrote {out}: {network.number_of_nodes()} projects, {network.number_of_edges()} links"
    )


class LockParam(click.ParamType):
    """ID=DECISION, e.g. SC5=pause; DECISION one of accelerate, continue, keep, pause, terminate."""

    name = "ID=DECISION"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):  # type: ignore[no-untyped-def]
        if isinstance(value, tuple):
            return value
        project, sep, decision = str(value).partition("=")
        choices = [lock.value for lock in Lock]
        if not sep or not project.strip() or decision.strip().lower() not in choices:
            self.fail(f"'{value}' is not ID=DECISION with DECISION one of {', '.join(choices)}")
        return project.strip(), Lock(decision.strip().lower())


@cli.command()
@REGISTER
@CONFIG
@SHEET
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="reset-output",
    show_default=True,
    help="Folder for decisions.csv, decisions.xlsx, summary.json and report.html.",
)
@SOLVER
@TIME_LIMIT
@GAP
@click.option(
    "--lock", "locks", type=LockParam(), multiple=True, help="Force a decision: ID=pause."
)
@click.option("--no-frontier", is_flag=True, help="Skip the efficient frontier.")
@FORMAT
@QUIET
def run(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    out: Path,
    solver: str | None,
    time_limit: float | None,
    gap_rel: float | None,
    locks: tuple[tuple[str, Lock], ...],
    no_frontier: bool,
    fmt: str,
    quiet: bool,
) -> None:
    """Decide accelerate, continue, pause or terminate for every project, with reasons."""
    loaded, config = _load_register(register, config_path, sheet, config_required=True)
    options = solver_options(config, solver, time_limit, gap_rel)
    try:
        with _progress(quiet or fmt == "json") as step:
            result = run_reset(
                loaded, config, dict(locks), options, frontier=not no_frontier, progress=step
            )
    except (OptimiserError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    _write(out, lambda: out.mkdir(parents=True, exist_ok=True))
    _write(out, lambda: write_decisions_csv(result, out / "decisions.csv"))
    _write(out, lambda: write_summary_json(result, out / "summary.json"))
    _write(out, lambda: write_decisions_workbook(result, out / "decisions.xlsx"))
    _write(out, lambda: write_board_pack(result, out / "report.html"))
    written = ["decisions.csv", "decisions.xlsx", "summary.json", "report.html"]
    if fmt == "json":
        click.echo(json.dumps(build_summary(result), indent=2, default=str))
    else:
        click.echo(format_run_text(result))
        click.echo(f"Wrote {', '.join(str(out / name) for name in written)}")


class ChangeParam(click.ParamType):
    """KEY=+N or KEY=-N: extra FTE of a role, or extra £k in a year."""

    name = "KEY=+N"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):  # type: ignore[no-untyped-def]
        if isinstance(value, tuple):
            return value
        key, sep, amount = str(value).partition("=")
        try:
            number = float(amount.replace(",", "").replace("£", "").removesuffix("k"))
        except ValueError:
            number = None
        if not sep or not key.strip() or number is None:
            self.fail(f"'{value}' is not KEY=+N, e.g. business_analyst=+2 or 2025/26=+500")
        return key.strip(), number


@cli.command()
@REGISTER
@CONFIG
@SHEET
@click.option("--pause", multiple=True, metavar="ID", help="Pause this project (repeatable).")
@click.option("--keep", multiple=True, metavar="ID", help="Keep this project going.")
@click.option("--accelerate", multiple=True, metavar="ID", help="Accelerate this project.")
@click.option("--terminate", multiple=True, metavar="ID", help="Terminate this project.")
@click.option("--capacity", multiple=True, type=ChangeParam(), help="ROLE=+N extra FTE.")
@click.option("--budget", multiple=True, type=ChangeParam(), help="YEAR=+N extra £k.")
@click.option(
    "--scenarios",
    "scenarios_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="TOML file of named scenarios, compared side by side.",
)
@click.option(
    "--from-workbook",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A decisions workbook edited by a director: changed decisions become locks.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="whatif-output",
    show_default=True,
    help="Folder for comparison.csv, comparison.json, comparison.html and scenarios.csv.",
)
@SOLVER
@TIME_LIMIT
@GAP
@FORMAT
@QUIET
def whatif(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    pause: tuple[str, ...],
    keep: tuple[str, ...],
    accelerate: tuple[str, ...],
    terminate: tuple[str, ...],
    capacity: tuple[tuple[str, float], ...],
    budget: tuple[tuple[str, float], ...],
    scenarios_path: Path | None,
    from_workbook: Path | None,
    out: Path,
    solver: str | None,
    time_limit: float | None,
    gap_rel: float | None,
    fmt: str,
    quiet: bool,
) -> None:
    """Lock decisions or add people or money, re-optimise, and compare with the baseline."""
    loaded, config = _load_register(register, config_path, sheet, config_required=True)
    options = solver_options(config, solver, time_limit, gap_rel)
    try:
        scenarios = read_scenarios(scenarios_path) if scenarios_path else []
        edited = read_decision_locks(from_workbook) if from_workbook else {}
        asked = Scenario(
            name="what-if" if not from_workbook else f"edits in {from_workbook.name}",
            pause=(*pause, *_edited(edited, Lock.PAUSE)),
            keep=(*keep, *_edited(edited, Lock.KEEP, Lock.CONTINUE)),
            accelerate=(*accelerate, *_edited(edited, Lock.ACCELERATE)),
            terminate=(*terminate, *_edited(edited, Lock.TERMINATE)),
            capacity=dict(capacity),
            budget=dict(budget),
        )
    except (InputError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    if asked.describe() != "no changes" or not scenarios:
        scenarios.insert(0, asked)
    try:
        with _progress(quiet or fmt == "json") as step:
            step("Baseline: the recommended plan")
            baseline = run_reset(loaded, config, options=options, frontier=False, progress=step)
            comparisons = []
            for scenario in scenarios:
                step(f"Scenario '{scenario.name}': {scenario.describe()}")
                comparisons.append(run_scenario(loaded, config, scenario, options, baseline, step))
    except (OptimiserError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    paths: list[Path] = []
    _write(out, lambda: paths.extend(write_comparison(comparisons, out)))
    if fmt == "json":
        click.echo(json.dumps([c.to_dict() for c in comparisons], indent=2, default=float))
        return
    for comparison in comparisons:
        click.echo(format_comparison_text(comparison))
    click.echo("Wrote " + ", ".join(str(p) for p in paths))


def _edited(edits: dict[str, Lock], *decisions: Lock) -> tuple[str, ...]:
    """Ids a director set to one of these decisions (continue reads as keep: it proceeds)."""
    return tuple(sorted(i for i, decision in edits.items() if decision in decisions))


@cli.command()
@REGISTER
@CONFIG
@SHEET
@click.option(
    "--by",
    type=click.Choice(["directorate", "programme"]),
    default="directorate",
    show_default=True,
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="validation-workbooks",
    show_default=True,
    help="Folder for the workbooks.",
)
@click.option("--single-file", is_flag=True, help="One workbook with a sheet per group.")
@SOLVER
@QUIET
def export(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    by: str,
    out: Path,
    single_file: bool,
    solver: str | None,
    quiet: bool,
) -> None:
    """Ranked decisions per directorate (or programme) for validation, one file or sheet each."""
    loaded, config = _load_register(register, config_path, sheet, config_required=True)
    try:
        with _progress(quiet) as step:
            result = run_reset(
                loaded,
                config,
                options=solver_options(config, solver),
                frontier=False,
                progress=step,
            )
    except (OptimiserError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    paths: list[Path] = []
    _write(out, lambda: paths.extend(write_group_workbooks(result, out, by, single_file)))
    click.echo(f"Wrote {len(paths)} workbook(s) by {by} to {out}:")
    for path in paths:
        click.echo(f"  {path}")


@cli.command()
@click.option(
    "--what",
    type=click.Choice(["register", "project", "config"]),
    default="register",
    show_default=True,
    help="Which model's schema to print.",
)
def schema(what: str) -> None:
    """Print the JSON Schema of the validated register (or project, or config) for integrators."""
    model = {"register": Register, "project": Project, "config": Config}[what]
    click.echo(json.dumps(model.model_json_schema(), indent=2))


@cli.command()
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@CONFIG
def template(out: Path, config_path: Path | None) -> None:
    """Write an empty register workbook (OUT.xlsx) with drop-downs and a notes sheet."""
    if out.suffix.lower() != ".xlsx":
        raise click.BadParameter(
            "the template is an Excel workbook: name it something.xlsx", param_hint="OUT"
        )
    config = _load_config(config_path, None)
    assert config is not None
    _write(out, lambda: write_template(out, config))
    click.echo(
        f"Wrote {out}: columns for {len(config.years)} years, {len(config.capacity)} roles, "
        f"{len(config.missions)} missions; see its Notes sheet."
    )


def main() -> None:
    """Entry point: a bug shows a short message, not a traceback (PRIORITISE_DEBUG=1 shows it)."""
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as error:
        if os.environ.get("PRIORITISE_DEBUG"):
            raise
        click.echo(
            f"Error: unexpected {type(error).__name__}: {error}\n"
            "This is a bug in prioritise; rerun with PRIORITISE_DEBUG=1 and report it.",
            err=True,
        )
        sys.exit(2)
