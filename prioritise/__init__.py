"""Scoring projects against mission alignment, value, risk and capacity."""
