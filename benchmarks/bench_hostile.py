"""Pathological registers end to end, run by hand; results in RESULTS.md.

    python benchmarks/bench_hostile.py [--only NAME]

The four shapes issue 17 names, at its sizes (tests/hostile.py builds them): a 10,000-long
prerequisite chain, 3,000 projects in one savings pool, 1,000 projects that all clash and a
2,000-long cycle. Each goes through `prioritise check` and `prioritise run` with the defaults
a council gets, in a fresh process: wall time, peak memory and the output set's sizes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.hostile import PATHOLOGICAL, config_toml

MEASURE = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True);"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
    "sys.stderr.write(done.stderr.decode()[-300:])"
)


def measured(command: list[str]) -> tuple[int, float, float, str]:
    """Exit code, seconds, peak MB of the command in a process of its own, and its last error."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - began
    code, peak_kb = done.stdout.split()
    return int(code), seconds, int(peak_kb) / 1024, done.stderr.strip().splitlines()[-1:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=sorted(PATHOLOGICAL))
    only = parser.parse_args().only
    shapes = [only] if only else list(PATHOLOGICAL)
    prioritise = [sys.executable, "-c", "from cli import main; main()"]
    with tempfile.TemporaryDirectory() as folder:
        for name in shapes:
            build, size = PATHOLOGICAL[name]
            register, config = Path(folder, "register.csv"), Path(folder, "config.toml")
            register.write_text(build(size), encoding="utf-8")
            config.write_text(config_toml(size), encoding="utf-8")
            files = [str(register), "--config", str(config)]
            for command in ("check", "run"):
                out = Path(folder, f"{name.replace(' ', '-')}-{command}")
                extra = ["--out", str(out), "--quiet"] if command == "run" else []
                code, seconds, peak, last = measured([*prioritise, command, *files, *extra])
                sizes = (
                    {p.name: round(p.stat().st_size / 1e6, 1) for p in out.iterdir()}
                    if out.is_dir()
                    else {}
                )
                print(
                    json.dumps(
                        {
                            "shape": f"{name} ({size:,})",
                            "command": command,
                            "exit": code,
                            "seconds": round(seconds, 1),
                            "peak_mb": round(peak),
                            "files_mb": sizes,
                            "said": last[0][:160] if code and last else "",
                        }
                    ),
                    flush=True,
                )


if __name__ == "__main__":
    main()
