"""The risk engine: how likely the plan is to close the gap, by simulating its delivery."""

from risk.engine import Exposure, Odds, exposure_of, simulate

__all__ = ["Exposure", "Odds", "exposure_of", "simulate"]
