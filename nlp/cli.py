"""click command `stcawatch extract`: who said what (and stance, figures) as JSONL."""
from __future__ import annotations

import json
import logging
import sys

import click


@click.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format: one JSON object per document (../shared/eval/SCHEMA.md).")
@click.option("--batch-size", default=16, show_default=True, help="Documents per nlp.pipe batch.")
@click.argument("inputs", nargs=-1, required=True)
def extract(fmt: str, batch_size: int, inputs: tuple[str, ...]) -> None:
    """Extract statements and figures from text, HTML or JSONL INPUTS ('-' reads stdin).

    A JSONL line is {"id", "text", "speaker"?, "date"?}; a line with "speaker" is one speech.

    Example: stcawatch extract --format jsonl ../shared/eval/gold_dev.jsonl > out.jsonl
    """
    from .extract import extract_records
    from .inputs import read_inputs

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", stream=sys.stderr)
    for doc in extract_records(read_inputs(inputs), batch_size=batch_size):
        click.echo(json.dumps(doc, ensure_ascii=False))
