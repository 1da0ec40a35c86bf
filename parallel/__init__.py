"""Where independent solves run: processes on this machine, or a Dask cluster."""

from parallel.executors import DaskExecutor, Executor, LocalExecutor, executor_for

__all__ = ["DaskExecutor", "Executor", "LocalExecutor", "executor_for"]
