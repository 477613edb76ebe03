"""Running one command as a fresh process and measuring it: wall time, CPU time, peak memory.

The CPU time (user + system) and peak resident memory come from the kernel's
accounting of that one child (``os.wait4``), so they need no external tool
and are not mixed with other children of the benchmark.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

MKDOCS = Path(sys.executable).with_name("mkdocs")


@dataclass(frozen=True)
class Run:
    #: seconds on the clock
    wall: float
    #: seconds of CPU, user and system
    cpu: float
    #: peak resident memory, bytes
    peak: int


def run_measured(command: list[str], cwd: Path, log: Path) -> Run:
    """Run ``command`` in ``cwd``, its output to ``log``; fail if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("ab") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command,
                                            f"see {log} for its output")
    # Linux reports ru_maxrss in KiB.
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def median_run(runs: list[Run]) -> Run:
    """The median of each figure over repeated runs."""
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               int(statistics.median(r.peak for r in runs)))
