"""Reading, validating and normalising project registers and config."""

from inputs.config import Config, read_config
from inputs.errors import ConfigError, InputError, RegisterError
from inputs.models import BenefitRange, BenefitType, Project, Register, Stage, Status
from inputs.problems import Problem, Severity
from inputs.register import ValidationReport, read_register, validate_register
from inputs.sample import load_sample, sample_config_path, sample_register_path
from inputs.settings import CriteriaWeights, ScoringSettings, StabilitySettings

__all__ = [
    "BenefitRange",
    "BenefitType",
    "Config",
    "ConfigError",
    "CriteriaWeights",
    "InputError",
    "Problem",
    "Project",
    "Register",
    "RegisterError",
    "ScoringSettings",
    "Severity",
    "StabilitySettings",
    "Stage",
    "Status",
    "ValidationReport",
    "load_sample",
    "read_config",
    "read_register",
    "sample_config_path",
    "sample_register_path",
    "validate_register",
]
