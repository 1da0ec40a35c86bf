"""The bundled sample portfolio: about 570 projects modelled on Cheshire East Council."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from inputs.config import Config, read_config
from inputs.models import Register
from inputs.register import read_register


def sample_register_path() -> Path:
    return Path(str(files("inputs") / "data" / "sample_register.csv"))


def sample_config_path() -> Path:
    return Path(str(files("inputs") / "data" / "sample_config.toml"))


def load_sample() -> tuple[Register, Config]:
    """The sample register and its config, validated like any council's."""
    config = read_config(sample_config_path())
    return read_register(sample_register_path(), config=config), config
