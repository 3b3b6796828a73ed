"""The monitored topic (nlp/data/topic.yaml), loaded once."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

TOPIC_FILE = Path(__file__).parent / "data" / "topic.yaml"


@functools.lru_cache(maxsize=1)
def load_topic() -> dict:
    return yaml.safe_load(TOPIC_FILE.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def gate_pattern() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in load_topic()["gate"]), re.I)


def mentions_topic(text: str) -> bool:
    """Cheap test that decides whether a statement is worth the heavy NLP components."""
    return bool(gate_pattern().search(text or ""))
