"""The NLP stage on a Ray cluster: ``stcawatch extract --ray ADDRESS`` (optional extra ``.[ray]``).

The records (``nlp.extract`` inputs) become a Ray Dataset; ``map_batches`` runs them through
:class:`RayExtractor`, a callable class whose ``__init__`` loads the pipelines once per worker
(an actor), and the results are written as Parquet, one row per record: its position ``seq``,
``id``, ``result`` (SCHEMA.md JSON) and the worker's extraction ``version``.
:func:`extract_records_on_ray` reads them back in input order, a window at a time, for the one
SQLite loader (``store.extracted.save_document_results``), so a distributed run stores exactly
what a single-process run stores, under the same idempotent keys.

Workers import the same ``nlp`` package: every node needs the same stcawatch install (a
``ray start`` from the project's virtualenv). A worker whose extraction version differs from
the driver's is refused by name (:class:`RayExtractError`), never mixed into the database. A
worker that dies mid-batch is restarted by Ray Data and its batch is run again; a driver that
dies loses nothing either, because a document is marked extracted only when its results are
stored. Nothing here imports Ray at module level: the extra is optional.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

log = logging.getLogger(__name__)

#: The Parquet columns of one result row.
RESULT_COLUMNS = ("seq", "id", "version", "host", "result")


class RayExtractError(RuntimeError):
    """The distributed extract cannot run or its results cannot be used."""


class RayExtractor:
    """``map_batches`` callable: the pipelines load in ``__init__``, once per worker."""

    def __init__(self, batch_size: int = 32):
        from nlp.model import load_nlp
        from nlp.version import extraction_version

        self.nlp = load_nlp()
        self.batch_size = batch_size
        self.version = extraction_version()
        self.host = socket.gethostname()

    def __call__(self, batch: dict) -> dict:
        from nlp.extract import extract_records

        _die_once_for_tests()
        records = [json.loads(text) for text in batch["record"]]
        results = list(extract_records(records, self.nlp, batch_size=self.batch_size))
        return {"seq": [int(n) for n in batch["seq"]], "id": [r.get("id") for r in records],
                "version": [self.version] * len(records),
                "host": [self.host] * len(records),
                "result": [json.dumps(res, ensure_ascii=False) for res in results]}


def _die_once_for_tests() -> None:
    """Kill this worker process in the middle of its first batch when
    ``STCAWATCH_RAY_DIE_ONCE`` names a marker file that does not exist yet (tests of Ray's
    restart-and-retry; the marker makes it happen once per test, not once per worker)."""
    marker = os.environ.get("STCAWATCH_RAY_DIE_ONCE")
    if not marker:
        return
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.write(fd, f"{os.getpid()}\n".encode())
    os.close(fd)
    os._exit(1)


def connect(address: str):
    """``ray.init`` for ``address``: ``auto`` (the cluster this machine belongs to), a GCS
    address (``127.0.0.1:6379``), ``ray://host:10001`` (Ray Client), or ``local`` (start a
    private single-machine cluster for this run). Returns the ray module."""
    try:
        import ray
    except ImportError as exc:  # the extra is optional
        raise RayExtractError("--ray needs Ray: pip install -e '.[ray]'") from exc
    if ray.is_initialized():
        return ray
    _check_reachable(address)
    kwargs = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    env = {"env_vars": {k: v for k, v in os.environ.items() if k.startswith("STCAWATCH_")}}
    try:
        ray.init(address=address, runtime_env=env, **kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        hint = ("" if os.environ.get("RAY_AUTH_MODE") else
                " (a cluster with token authentication also needs RAY_AUTH_MODE=token and its "
                "token in ~/.ray/auth_token or RAY_AUTH_TOKEN)")
        raise RayExtractError(f"cannot connect to the Ray cluster at {address!r}: {exc}{hint}") from exc
    return ray


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """A HOST:PORT nobody answers on fails now, by name: ``ray.init`` would retry for minutes."""
    if address in ("auto", "local"):
        return
    host, _, port = address.split("://")[-1].rpartition(":")
    if not host or not port.isdigit():
        raise RayExtractError(f"bad Ray address {address!r}: use auto, local, HOST:PORT or ray://HOST:PORT")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise RayExtractError(f"no Ray cluster answers at {address}: {exc}") from exc


def cluster_cpus(ray) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def run_on_ray(ray, records: Iterable[dict], out_dir: Path | str, batch_size: int = 32,
               workers: int | None = None, records_per_batch: int = 64) -> None:
    """Extract ``records`` on the connected cluster and write the results as Parquet under
    ``out_dir`` (a path every worker can write to: local for one machine, shared storage or
    an object store URI for several)."""
    rows = [{"seq": n, "record": json.dumps(r, ensure_ascii=False, default=str)}
            for n, r in enumerate(records)]
    if not rows:
        return
    workers = workers or cluster_cpus(ray)
    ds = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), workers * 4)))
    ds = ds.map_batches(RayExtractor, fn_constructor_kwargs={"batch_size": batch_size},
                        batch_size=records_per_batch, concurrency=workers, num_cpus=1,
                        batch_format="numpy")
    ds.write_parquet(str(out_dir))


def read_results(out_dir: Path | str, expected_version: str) -> dict[int, dict]:
    """Position of the record in ``run_on_ray``'s input -> SCHEMA.md result, from the Parquet a run wrote; raises
    :class:`RayExtractError` when a worker ran another extraction version."""
    import pyarrow.dataset as pads

    if not Path(out_dir).exists() and "://" not in str(out_dir):
        return {}
    table = pads.dataset(str(out_dir), format="parquet").to_table(columns=list(RESULT_COLUMNS))
    results: dict[int, dict] = {}
    for row in table.to_pylist():
        if row["version"] != expected_version:
            raise RayExtractError(
                f"a Ray worker on {row['host']} runs extraction version {row['version']}, this "
                f"checkout {expected_version}: install the same stcawatch on every node")
        results[row["seq"]] = json.loads(row["result"])
    return results


def extract_records_on_ray(records: Iterable[dict], address: str, batch_size: int = 32,
                           workers: int | None = None, output: Path | str | None = None,
                           window: int = 2_000) -> Iterator[dict]:
    """``nlp.extract.extract_records`` on a Ray cluster: the same results, in input order.

    Records go to the cluster ``window`` at a time (at least 500 per worker: each window starts
    its actors and loads the models once, about 10 s), so the driver holds one window's results
    and the caller stores each window before the next is read (a long backfill keeps what it
    finished when it is stopped). Each window's Parquet is written under ``output`` (default: a
    temporary directory, right for a one-machine cluster; give shared storage for several) and
    removed once read."""
    from nlp.version import extraction_version

    ray = connect(address)
    _quiet_progress(ray)
    version = extraction_version()
    workers = workers or cluster_cpus(ray)
    window = max(window, 500 * workers)
    log.info("Ray cluster at %s: %d workers", address, workers)
    with contextlib.ExitStack() as stack:
        base = Path(output) if output else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="stcawatch-ray-")))
        for n, chunk in enumerate(_windows(records, window)):
            where = base / f"window-{os.getpid()}-{n:05d}"
            run_on_ray(ray, chunk, where, batch_size=batch_size, workers=workers)
            results = read_results(where, version)
            missing = [chunk[i].get("id") for i in range(len(chunk)) if i not in results]
            if missing:
                raise RayExtractError(f"the Ray run returned no result for {len(missing)} records "
                                      f"(first: {missing[0]}); nothing of this window was stored")
            shutil.rmtree(where, ignore_errors=True)
            for i in range(len(chunk)):
                yield results[i]


def _windows(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _quiet_progress(ray) -> None:
    """Ray Data's progress bars and per-operator logs would bury the run's own summary."""
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    for name in ("ray.data", "ray"):
        logging.getLogger(name).setLevel(logging.WARNING)
