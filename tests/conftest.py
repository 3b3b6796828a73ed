"""Shared fixtures: paths to ../shared (skipping clearly when absent) and fresh databases."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from nlp.paths import shared_dir

ROOT = Path(__file__).resolve().parent.parent
SHARED = shared_dir()
HANSARD_FIXTURES = SHARED / "fixtures" / "hansard"
NEWS_FIXTURES = SHARED / "fixtures" / "news"
FEED_FIXTURES = SHARED / "fixtures" / "feeds"
EXCERPTS = SHARED / "fixtures" / "excerpts" / "stca_excerpts_dev.jsonl"
CORPUS = SHARED / "fixtures" / "corpus" / "stca_texts.jsonl"
SEED = SHARED / "seed" / "globe-2018-05-01-stca-talks.txt"
EVAL = SHARED / "eval"
# Environment for the CLI run in a fresh process (Scrapy's reactor starts once per process).
PY_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def strings(value):
    """Every string inside a nested structure of dicts and lists (parsed JSON or YAML)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need(path: Path) -> Path:
    """Return ``path`` or skip the test with a message saying what is missing."""
    if not path.exists():
        pytest.skip(f"shared test material not found at {path} (clone ../shared beside the repo)")
    return path


@pytest.fixture
def shared():
    return need(SHARED)


@pytest.fixture
def hansard_dir():
    return need(HANSARD_FIXTURES)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "test.db"


@pytest.fixture
def db(db_path):
    from store.schema import open_db

    database = open_db(db_path)
    yield database
    database.close()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/ from the parsers' current output (review the diff).")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def gathered_row(name: str, slug: str) -> dict:
    """The row of gathered attribution set ``name`` (nlp/attribution_train.GATHERED_LABEL_FILES)
    whose id contains ``slug``."""
    import json

    from nlp.attribution_train import GATHERED_LABEL_FILES

    lines = GATHERED_LABEL_FILES[name].read_text(encoding="utf-8").splitlines()
    return next(r for r in (json.loads(line) for line in lines if line.strip()) if slug in r["id"])
