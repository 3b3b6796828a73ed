"""Stance on the STCA gold (../shared/eval/gold_dev.jsonl), scored by the shared score.py.

Runs ``nlp.extract.extract_records`` over the gold records with whatever components are
installed (at least ``stca_stance``; a record with a ``speaker`` is one speech when no quotes
component produced statements) and prints score.py's stance numbers. A benchmark, not a test.

    python -m bench.stance_gold [--shared ../shared] [--components stca_stance]
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from any folder
    sys.path.insert(0, str(ROOT))
from nlp.paths import shared_dir  # noqa: E402


def run_gold(shared: Path, components: tuple[str, ...] | None = None) -> dict:
    """Extract the gold records, score them with score.py --json, return its dict."""
    sys.path.insert(0, str(ROOT))
    from nlp.extract import extract_records
    from nlp.model import load_nlp

    gold = shared / "eval" / "gold_dev.jsonl"
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    inputs = [{k: r.get(k) for k in ("id", "text", "speaker", "date", "url")} for r in records]
    nlp = load_nlp(components) if components else load_nlp()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        for result in extract_records(inputs, nlp=nlp):
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    done = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold),
                           out.name, "--json"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@click.command()
@click.option("--shared", type=click.Path(exists=True, file_okay=False), default=str(shared_dir()))
@click.option("--components", default=None, help="Comma-separated components (default: all).")
def main(shared, components):
    """Print stance macro-F1 / accuracy on the gold dev set."""
    comps = tuple(components.split(",")) if components else None
    scores = run_gold(Path(shared), comps)
    for key in sorted(scores):
        if key.startswith("stance"):
            click.echo(f"{key:24s} {scores[key]}")


if __name__ == "__main__":
    main()
