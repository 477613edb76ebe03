"""Running one command as a fresh process and measuring it: wall time, CPU time, peak memory.

The CPU time (user + system) comes from the kernel's accounting of that one
child and the processes it waited for (``os.wait4``), so it needs no external
tool and is not mixed with other children of the benchmark. Peak memory is
the larger of the kernel's peak for the largest single process and the
highest total sampled every 2 s over the process and its worker processes,
counting each page they share once (the proportional set size, Linux's
``/proc/<pid>/smaps_rollup``): a build that forks workers is charged for all
of them, not for its largest process alone.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MKDOCS = Path(sys.executable).with_name("mkdocs")
SAMPLE_INTERVAL = 2.0


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
    # Files the previous run wrote are flushed first, so that their writing
    # out does not slow this run down.
    os.sync()
    with log.open("ab") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command,
                                            f"see {log} for its output")
    # Linux reports ru_maxrss in KiB.
    return Run(wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss * 1024, sampler.peak))


class _TreeSampler(threading.Thread):
    """Samples the memory of a process tree until stopped; keeps the highest total."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak = root, 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(SAMPLE_INTERVAL):
            self.peak = max(self.peak, tree_memory(self.root))

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def tree_memory(root: int) -> int:
    """Bytes of memory used by process ``root`` and its descendants, shared pages once."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, total, grown = {root}, 0, True
    while grown:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grown = bool(children)
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
    return total


def median_run(runs: list[Run]) -> Run:
    """The median of each figure over repeated runs."""
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               int(statistics.median(r.peak for r in runs)))
