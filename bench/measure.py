"""Measure one step run as a child process: wall time, CPU time and peak memory.

Peak memory is reported two ways:

- ``peak_rss_mb``: the child's ``ru_maxrss`` from ``os.wait4`` (the kernel's high-water mark of
  the largest single process among the child and the descendants it waited for);
- ``peak_tree_mb``: the largest sum of VmRSS over the child and all its descendants, sampled
  from /proc every 50 ms (what counts when worker processes run in parallel). It counts the
  pages the processes share (Python, numpy, GDAL, HDF5 libraries) once per process;
- ``peak_tree_pss_mb``: the largest sum of Pss (proportional set size, /proc/PID/smaps_rollup:
  a page shared by n processes counts 1/n in each) over the same tree, sampled alike: the
  memory the step really takes from the machine.

CPU time is user + system of the child and its waited-for descendants (from ``wait4``).
"""

import os
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Measurement:
    """What one step cost."""

    step: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    peak_tree_mb: float
    peak_tree_pss_mb: float
    returncode: int
    note: str = ""

    @property
    def cpu_cores_used(self) -> float:
        return self.cpu_s / self.wall_s if self.wall_s > 0 else 0.0

    def as_dict(self) -> Dict:
        data = asdict(self)
        data["cpu_cores_used"] = round(self.cpu_cores_used, 2)
        return data


def _children_map() -> Dict[int, List[int]]:
    children: Dict[int, List[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read().decode("ascii", "replace")
        except OSError:
            continue
        # The command name may hold spaces and parentheses: split after the last ')'.
        fields = stat[stat.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


def tree_memory_mb(root: int):
    """(sum of RSS, sum of PSS) of ``root`` and all its descendants, in MB."""
    children = _children_map()
    rss = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        rss += _rss_kb(pid)
        pss += _pss_kb(pid)
        stack.extend(children.get(pid, ()))
    return rss / 1024.0, pss / 1024.0


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_mb = self.peak_pss_mb = 0.0
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            rss, pss = tree_memory_mb(self.pid)
            self.peak_mb, self.peak_pss_mb = max(self.peak_mb, rss), max(self.peak_pss_mb, pss)
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join()


def run_measured(
    step: str,
    command: Sequence[str],
    env: Optional[dict] = None,
    cwd: Optional[Path] = None,
    log: Optional[Path] = None,
    timeout: Optional[float] = None,
    note: str = "",
) -> Measurement:
    """Run ``command`` as a child process and measure it (see the module docstring)."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        )
        sampler = _TreeSampler(process.pid)
        sampler.start()
        deadline = None if timeout is None else start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                process.kill()
            time.sleep(0.02)
        wall = time.perf_counter() - start
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            out.close()
    return Measurement(
        step=step,
        wall_s=round(wall, 3),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 3),
        peak_rss_mb=round(usage.ru_maxrss / 1024.0, 1),
        peak_tree_mb=round(max(sampler.peak_mb, usage.ru_maxrss / 1024.0), 1),
        peak_tree_pss_mb=round(sampler.peak_pss_mb, 1),
        returncode=process.returncode,
        note=note,
    )
