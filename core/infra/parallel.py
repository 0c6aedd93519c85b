"""Run independent pieces of work (one calendar year of flux each) on several CPU cores.

A GeoTIFF holds one calendar year, so a multi-year flux run is naturally a set of independent
year runs: each reads its hours (plus the hour before the year, for dTs/dt) from the same
forcing file and writes its own file. Running them in worker processes gives the same bytes as
running them one after the other (each year is computed by core.model.flux.compute_flux either way).

Worker processes are started with the "spawn" method (never "fork": a forked QGIS process can
deadlock on Qt/GDAL locks) and with the same Python build as this process even when this
process is QGIS, whose embedded Python reports the first "python3" on PATH as sys.executable
(python_executable); when no such interpreter is found the work runs in this process.
"""

import functools
import multiprocessing
import os
import shutil
import subprocess
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from .progress import as_progress


def default_workers() -> int:
    """Worker processes to use: the CPU cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@functools.lru_cache(maxsize=1)
def python_executable() -> Optional[str]:
    """A Python interpreter for worker processes: the same build as the one running this code,
    or None when there is none (then the work runs in this process).

    QGIS embeds Python, and its sys.executable is whatever "python3" comes first on PATH (on
    a machine with pyenv, another Python without QGIS's packages). So every candidate is asked
    for its sys.version and the first that matches ours exactly is used.
    """
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    candidates = [
        sys.executable,
        getattr(sys, "_base_executable", None),
        str(Path(sys.base_exec_prefix) / "bin" / version),
        str(Path(sys.exec_prefix) / "bin" / version),
        shutil.which(version),
        shutil.which(f"python{sys.version_info[0]}"),
    ]
    for candidate in dict.fromkeys(path for path in candidates if path):
        if _reports_version(candidate, sys.version):
            return candidate
    return None


def _reports_version(executable: str, expected: str) -> bool:
    """Whether ``executable`` runs and is the Python build ``expected`` (a sys.version)."""
    if not Path(executable).is_file():
        return False
    try:
        answer = subprocess.run(
            [executable, "-I", "-c", "import sys; print(sys.version)"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return answer.returncode == 0 and answer.stdout.strip() == expected.strip()


def spawn_context():
    """The multiprocessing context for worker processes: spawn, with a plain Python."""
    context = multiprocessing.get_context("spawn")
    context.set_executable(python_executable())
    return context


def run_parallel(
    function: Callable,
    jobs: Sequence[Dict],
    workers: Optional[int] = None,
    progress=None,
    label: Callable[[Dict], str] = str,
) -> List:
    """``function(**job)`` for every job, on up to ``workers`` processes; results in job order.

    ``function`` must be a module-level (picklable) function. With one worker or one job the
    jobs run here, in this process. Progress is reported as jobs finish; on cancel the jobs not
    yet started are dropped and Cancelled is raised once the running ones have stopped.
    """
    progress = as_progress(progress)
    jobs = list(jobs)
    workers = min(int(workers or default_workers()), len(jobs)) if jobs else 1
    if workers <= 1 or python_executable() is None:
        results = []
        for index, job in enumerate(jobs):
            progress.report(index / max(1, len(jobs)), f"Running {label(job)}")
            results.append(function(**job))
        progress.report(1.0, "Done")
        return results
    results: List = [None] * len(jobs)
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn_context()) as executor:
        futures = {executor.submit(function, **job): index for index, job in enumerate(jobs)}
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    index = futures[future]
                    results[index] = future.result()
                    progress.report(
                        (len(jobs) - len(pending)) / len(jobs), f"Finished {label(jobs[index])}"
                    )
                progress.check_cancelled()
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return results
