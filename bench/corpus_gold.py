"""Gold for ../shared/eval/score.py from the corpus labels (references, not texts).

The label files (``nlp/data/corpus_labels_{en,fr}.jsonl``, see docs/attribution_guideline.md)
hold one line per corpus document: id, url, genre, language, ``text_sha1`` and statements given
as character offsets plus ``quote_sha1`` (first 12 hex digits of the sha1 of the content). The
texts themselves stay in ``{shared}/fixtures/corpus/stca_texts.jsonl``; this module joins the
two, checks every hash, and writes score.py gold lines (no document-level ``speaker``, so
score.py scores the statements).

    python bench/corpus_gold.py > corpus_gold.jsonl
    python bench/corpus_gold.py --labels nlp/data/corpus_labels_fr.jsonl --ids-from ids.txt
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from any folder
    sys.path.insert(0, str(ROOT))
from nlp.paths import shared_dir  # noqa: E402
DEFAULT_SHARED = shared_dir()
DEFAULT_LABELS = (ROOT / "nlp" / "data" / "corpus_labels_en.jsonl",
                  ROOT / "nlp" / "data" / "corpus_labels_fr.jsonl")
CORPUS = Path("fixtures") / "corpus" / "stca_texts.jsonl"
KINDS = {"direct", "indirect", "mixed", "speech"}
STANCES = {"suspend", "extend", "keep", "none"}
INPUT_KEYS = ("id", "text", "url", "date", "language")


class LabelError(ValueError):
    """A label does not fit the corpus text it points into."""


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def load_labels(paths, log=lambda m: print(m, file=sys.stderr)) -> list[dict]:
    """Label lines of the files that exist, in order; a missing file is reported and skipped."""
    labels = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            log(f"corpus_gold: {path} not found, skipped")
            continue
        labels.extend(read_jsonl(path))
    return labels


def load_corpus(shared: Path) -> dict[str, dict]:
    return {d["id"]: d for d in read_jsonl(Path(shared) / CORPUS)}


def check_label(label: dict, text: str) -> None:
    """Raise LabelError naming the document (and statement index) when a label does not fit."""
    doc = label["id"]
    if sha1(text) != label["text_sha1"]:
        raise LabelError(f"{doc}: text_sha1 differs from the corpus text")
    for i, st in enumerate(label["statements"]):
        where = f"{doc} statement {i}"
        start, end = st["start"], st["end"]
        if not 0 <= start < end <= len(text):
            raise LabelError(f"{where}: offsets {start}:{end} out of range")
        if sha1(text[start:end])[:12] != st["quote_sha1"]:
            raise LabelError(f"{where}: quote_sha1 does not match text[{start}:{end}]")
        if st["kind"] not in KINDS:
            raise LabelError(f"{where}: kind {st['kind']!r}")
        if st["stance"] not in STANCES:
            raise LabelError(f"{where}: stance {st['stance']!r}")
        for key in ("source", "cue"):
            span = st.get(key)
            if span is not None and not (0 <= span[0] < span[1] <= len(text)):
                raise LabelError(f"{where}: {key} {span} out of range")
    for s in label.get("stances", []):
        if s["stance"] not in STANCES:
            raise LabelError(f"{doc}: stance {s['stance']!r} for {s['speaker']!r}")


def gold_documents(shared: Path = DEFAULT_SHARED, labels: list[dict] | None = None) -> list[dict]:
    """score.py gold lines for the labelled documents (checked against the corpus texts)."""
    corpus = load_corpus(shared)
    if labels is None:
        labels = load_labels(DEFAULT_LABELS)
    docs = []
    for label in labels:
        record = corpus.get(label["id"])
        if record is None:
            raise LabelError(f"{label['id']}: not in {Path(shared) / CORPUS}")
        docs.append(gold_document(label, record))
    return docs


def gold_document(label: dict, record: dict) -> dict:
    """One score.py gold line: the text and metadata of ``record`` (a corpus text, or a gathered
    label that carries its own), the statements and stances of ``label``, checked against the text."""
    text = record["text"]
    check_label(label, text)
    return {
        "id": record["id"], "text": text, "url": record["url"], "date": record.get("date"),
        "language": record["language"], "genre": record["genre"],
        "statements": [{"speaker": st["speaker"], "quote": text[st["start"]:st["end"]],
                        "kind": st["kind"], "stance": st["stance"],
                        "optional": bool(st.get("optional"))}
                       for st in label["statements"]],
        "stances": [dict(s) for s in label.get("stances", [])],
    }


def input_records(gold_docs: list[dict]) -> list[dict]:
    """What the extractor gets: the texts and their metadata, no genre and no labels."""
    return [{k: d.get(k) for k in INPUT_KEYS} for d in gold_docs]


def read_ids(path: Path) -> list[str]:
    """Ids from a file: one per line, or JSONL lines with an "id" (or "doc_id") field."""
    ids = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            row = json.loads(line)
            line = row.get("id") or row.get("doc_id")
        ids.append(line)
    return ids


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Print score.py gold for the labelled corpus texts.",
                                     epilog="example: python bench/corpus_gold.py > corpus_gold.jsonl")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the ../shared checkout")
    parser.add_argument("--labels", type=Path, nargs="+", default=list(DEFAULT_LABELS),
                        help="label files (default: the English and French ones)")
    parser.add_argument("--ids-from", type=Path, default=None,
                        help="keep only these documents (ids one a line, or JSONL with id)")
    args = parser.parse_args(argv)
    labels = load_labels(args.labels)
    if args.ids_from:
        keep = set(read_ids(args.ids_from))
        labels = [lab for lab in labels if lab["id"] in keep]
    try:
        docs = gold_documents(args.shared, labels)
    except LabelError as err:
        print(f"corpus_gold: {err}", file=sys.stderr)
        return 1
    for doc in docs:
        print(json.dumps(doc, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
