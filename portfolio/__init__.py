"""The portfolio as one frozen set of numbers, built once from a Register and its Config."""

from portfolio.build import build_portfolio
from portfolio.numbers import BUSINESS_AS_USUAL, Portfolio

__all__ = ["BUSINESS_AS_USUAL", "Portfolio", "build_portfolio"]
