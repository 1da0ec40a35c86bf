"""The application layer: prepare (portfolio, scores, checks), decide (the integer program),
and the runs and what-ifs the CLI and the workspace call."""
