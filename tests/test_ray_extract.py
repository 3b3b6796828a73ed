"""The distributed NLP stage (``extract --ray``) on a real local Ray cluster: a head started on
127.0.0.1 with 2 CPUs, as a user would (``ray start --head``), stopped at the end.

Its output must be the single-process output: the same JSONL for input files, the same
statements and figures rows for a database, even when a worker dies in the middle of a batch.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import sqlite_utils

from tests.conftest import ROOT, SHARED, free_port, need

pytestmark = pytest.mark.slow
ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[test,ray]' (CI does)")

BIN = Path(sys.executable).parent
# a loopback test cluster: no usage report, no token authentication (set explicitly: Ray turns
# tokens on for a new cluster whenever ~/.ray/auth_token exists, and a client then needs
# RAY_AUTH_MODE=token as well)
RAY_ENV = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "disabled"}
# the real sittings with STCA interventions among the bundled ones: English and French, House
# and committee
SITTINGS = ["5895073-fr.xml", "HAN102-E.xml", "43-1-44-en.xml", "6265357-en.xml"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A Ray head on 127.0.0.1 (2 CPUs, no dashboard), in its own process group so that only
    this cluster is stopped afterwards; yields its address."""
    port = free_port()
    env = {**os.environ, **RAY_ENV}
    head = subprocess.Popen(
        [str(BIN / "ray"), "start", "--head", "--block", "--num-cpus", "2",
         "--node-ip-address", "127.0.0.1", "--port", str(port), "--include-dashboard", "false",
         "--disable-usage-stats"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    address = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if head.poll() is not None:
            pytest.fail(f"ray start --head exited: {head.stderr.read().decode()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    else:
        pytest.fail("the Ray head did not answer within 120 s")
    time.sleep(2)  # the raylet registers just after the GCS answers
    yield address
    os.killpg(head.pid, signal.SIGTERM)
    try:
        head.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(head.pid, signal.SIGKILL)
    # the cluster file it leaves would point `--ray auto` on this machine at a dead cluster
    current = Path(tempfile.gettempdir()) / "ray" / "ray_current_cluster"
    if current.exists() and current.read_text().strip().endswith(f":{port}"):
        current.unlink()


def stcawatch(*args, env=None, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(BIN / "stcawatch"), *args], capture_output=True, text=True,
                            env={**os.environ, **RAY_ENV, **(env or {})}, timeout=900)
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def extraction_rows(db_path: Path) -> dict:
    db = sqlite_utils.Database(db_path)
    return {
        "statements": list(db.query("select id, speaker_id, speaker_name, text, start, end, stance, "
                                    "stance_score, stance_evidence from statements order by id")),
        "figures": [dict(r) for r in db.query("select * from figures order by id")],
        "extracted": list(db.query("select id, extracted_hash from documents order by id")),
    }


def test_extract_inputs_on_ray_prints_the_same_jsonl(cluster, tmp_path):
    gold = need(SHARED / "eval" / "gold_dev.jsonl")
    single = stcawatch("extract", "--format", "jsonl", str(gold)).stdout
    distributed = stcawatch("extract", "--format", "jsonl", "--ray", cluster, str(gold)).stdout
    assert len(single.splitlines()) == sum(1 for line in gold.open() if line.strip())
    assert distributed == single


def test_database_extract_on_ray_stores_what_one_process_stores_even_when_a_worker_dies(cluster, tmp_path):
    one, many = tmp_path / "one.db", tmp_path / "ray.db"
    stcawatch("load", "--db", str(one), *[str(ROOT / "demo" / "hansard" / name) for name in SITTINGS])
    shutil.copy(one, many)
    stcawatch("extract", "--db", str(one))
    marker = tmp_path / "worker-died"
    out = stcawatch("extract", "--db", str(many), "--ray", cluster,
                    env={"STCAWATCH_RAY_DIE_ONCE": str(marker)}).stdout
    assert marker.exists(), "no worker was killed: the retry was not exercised"
    assert "extracted 4 documents" in out
    expected, got = extraction_rows(one), extraction_rows(many)
    assert any(s["stance"] for s in expected["statements"]) and expected["figures"]
    assert got == expected
    # and a second run has nothing left to do, on Ray as without it
    again = stcawatch("extract", "--db", str(many), "--ray", cluster).stdout
    assert again.startswith("extracted 0 documents")


def test_an_unreachable_cluster_is_a_clear_error_and_stores_nothing(db_path):
    stcawatch("load", "--db", str(db_path), str(ROOT / "demo" / "hansard" / "43-1-44-en.xml"))
    result = stcawatch("extract", "--db", str(db_path), "--ray", f"127.0.0.1:{free_port()}", check=False)
    assert result.returncode == 1
    assert "no Ray cluster answers at 127.0.0.1:" in result.stderr
    pending = sqlite_utils.Database(db_path).execute(
        "select count(*) from documents where extracted_hash is null").fetchone()[0]
    assert pending == 1
