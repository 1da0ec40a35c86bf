"""The `prioritise` command line: parses arguments, calls the library, prints or writes results."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from inputs import Config, InputError, Project, Register, read_config, validate_register
from inputs.sample import sample_config_path, sample_register_path
from outputs.template import write_template
from outputs.validation_report import format_validation_json, format_validation_text

REGISTER = click.argument(
    "register", required=False, type=click.Path(path_type=Path, dir_okay=False)
)
CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config TOML. Default: the sample's config when no register is given.",
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
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def validate(register: Path | None, config_path: Path | None, sheet: str | None, fmt: str) -> None:
    """Check a register; list every problem. Exit 0 if usable, 1 if not (warnings never fail)."""
    config = _load_config(config_path, register)
    report = validate_register(register or sample_register_path(), sheet=sheet, config=config)
    click.echo(format_validation_json(report) if fmt == "json" else format_validation_text(report))
    sys.exit(0 if report.ok else 1)


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
    try:
        write_template(out, config)
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror or error}") from error
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
