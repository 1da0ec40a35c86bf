"""Ctrl-C at any moment, or an output with nowhere to go, ends the command with one line."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

COMMAND = [sys.executable, "-c", "from cli import main; main()"]


@pytest.mark.parametrize("after", [0.5, 3.0])  # while starting, and while solving
def test_ctrl_c_stops_with_one_line_and_130(tmp_path: Path, after: float) -> None:
    running = subprocess.Popen(
        [*COMMAND, "run", "--out", str(tmp_path / "out"), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(after)
    running.send_signal(signal.SIGINT)
    _, errors = running.communicate(timeout=60)
    assert running.returncode == 130, errors
    assert errors.strip() == "Stopped by Ctrl-C." and "Traceback" not in errors


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_device_for_the_output_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*COMMAND, "validate"], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: No space left on device. Fix: free space or choose another place."
    ]
