"""A real Dask cluster on 127.0.0.1 started the way users start one: the `dask` command line.

``dask scheduler --host 127.0.0.1 --port <free port>`` and ``dask worker <address>`` processes
(Debian's distributed 2022.12 spells them ``dask scheduler``/``dask worker``; the older
``dask-scheduler`` scripts still exist). Workers run without a nanny so a killed worker stays
dead (a nanny would restart it). ``close()`` ends every process it started, by its id.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, List

from helpers.paths import PLUGINS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dask_command() -> str:
    command = shutil.which("dask")
    if command is None:
        raise RuntimeError("the dask command line is not installed (Debian: python3-distributed)")
    return command


class CliCluster:
    """A scheduler and named workers, each a `dask` CLI process; use as a context manager."""

    def __init__(self, folder: Path, workers: int = 2, sandflux_importable: bool = True):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.sandflux_importable = sandflux_importable
        self.processes: Dict[str, subprocess.Popen] = {}
        self._logs: List = []
        try:
            self._start(
                "scheduler",
                [
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    self.address.rsplit(":", 1)[1],
                    "--no-dashboard",
                ],
            )
            for index in range(workers):
                self.start_worker(f"worker-{index}")
            self.wait_for_workers(workers)
            with self.client() as client:
                client.get_task_stream()  # starts the scheduler's task record, used by the tests
                self.names = self.worker_names(client)
        except BaseException:
            self.close()
            raise

    def _environment(self) -> dict:
        env = dict(os.environ)
        # The workers find SandFlux where QGIS does: on PYTHONPATH (the plugins folder).
        paths = [
            p
            for p in env.get("PYTHONPATH", "").split(os.pathsep)
            if p and Path(p).resolve() != PLUGINS.resolve()
        ]
        if self.sandflux_importable:
            paths.insert(0, str(PLUGINS))
        env["PYTHONPATH"] = os.pathsep.join(paths)
        env.pop("SANDFLUX_DASK_SCHEDULER", None)
        return env

    def _start(self, name: str, arguments: List[str]) -> None:
        log = open(self.folder / f"{name}.log", "w")
        self._logs.append(log)
        self.processes[name] = subprocess.Popen(
            [dask_command(), *arguments],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self._environment(),
            cwd=str(self.folder),
            start_new_session=True,
        )

    def start_worker(self, name: str) -> None:
        self._start(
            name,
            [
                "worker",
                self.address,
                "--name",
                name,
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--local-directory",
                str(self.folder / name),
            ],
        )

    def client(self):
        from distributed import Client

        return Client(self.address, timeout=60, set_as_default=False)

    def wait_for_workers(self, count: int, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self.client() as client:
                    client.wait_for_workers(count, timeout=max(1.0, deadline - time.monotonic()))
                    return
            except OSError:  # the scheduler is still starting
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def worker_names(self, client) -> Dict[str, str]:
        """worker address -> its --name."""
        return {
            address: info["name"] for address, info in client.scheduler_info()["workers"].items()
        }

    def kill(self, name: str) -> None:
        """SIGKILL one process (a lost machine), by its id."""
        process = self.processes[name]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def close(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)
        for log in self._logs:
            log.close()

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def tasks_by_worker(cluster: CliCluster, since: float, prefix: str) -> Dict[str, int]:
    """worker name -> tasks whose key starts with ``prefix`` it finished since ``since``."""
    counts: Dict[str, int] = {}
    names = cluster.names
    with cluster.client() as client:
        records = client.get_task_stream(start=since)
    for record in records:
        key = record.get("key", "")
        key = key if isinstance(key, str) else str(key)
        if key.startswith(prefix):
            name = names.get(record["worker"], record["worker"])
            counts[name] = counts.get(name, 0) + 1
    return counts
