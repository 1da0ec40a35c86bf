"""Exports, reports and charts built from the engine's results."""
