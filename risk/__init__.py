"""The risk engine: how likely the plan is to close the gap, by simulating its delivery, and
which decisions hold in every good plan (the core index)."""

from risk.engine import Exposure, Odds, exposure_of, simulate
from risk.robust import CoreIndex, Robustness, core_index

__all__ = ["CoreIndex", "Exposure", "Odds", "Robustness", "core_index", "exposure_of", "simulate"]
