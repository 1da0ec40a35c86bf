"""The dependency graph and its checks: prerequisites, clashes, duplicates, double counting."""
