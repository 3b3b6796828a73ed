"""Figure labels on the corpus (docs/figures_guideline.md): read, check, and turn into the
gold documents ../shared/eval/score.py scores (SCHEMA.md ``figures``).

Labelled documents come from three collections of ../shared: the corpus (``id`` as in
stca_texts.jsonl), the excerpts (``"collection": "excerpts"``, ``excerpt_id``; an excerpt that is
an STCA dev-gold text may not be labelled) and the House publication XML (``"collection":
"hansard"``, ``file`` and ``seq``: one statement of crawlers.hansard_xml.parse_sitting, its text);
and gathered public texts (``"collection": "gathered"``: sets C to I in
nlp/data/figure_labels_gathered.jsonl and _gathered_d.jsonl to _gathered_i.jsonl, all in
LABEL_FILES by its glob), which carry their ``text``, ``url`` and ``source_kind`` (reproducible sources only).

``python -m bench.figure_labels [--shared ../shared]`` checks every label file and prints a
summary; a problem names the file, line, document and label."""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from any folder
    sys.path.insert(0, str(ROOT))
from nlp.paths import shared_dir  # noqa: E402
LABEL_FILES = sorted((ROOT / "nlp" / "data").glob("figure_labels_*.jsonl"))
UNITS_FREE = re.compile(r"^[a-z]+$")
PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")
GATHERED_KINDS = {"hansard", "senate_hansard", "government", "party", "ngo"}  # news texts stay outside the repo
QUALIFIERS = {None, "more than", "less than", "about", "nearly", "up to", "at least"}
NUMBER_WORDS = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                          r"dozen|hundred|thousand|million|billion|half|un|une|deux|trois|quatre|"
                          r"cinq|six|sept|huit|neuf|dix|cent|mille|moitié)\b", re.I)


class LabelError(ValueError):
    pass


def load(paths=None) -> list[dict]:
    rows = []
    for path in paths or LABEL_FILES:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["_where"] = f"{Path(path).name}:{n}"
                rows.append(row)
    return rows


def check(rows: list[dict], corpus: dict[str, dict]) -> list[str]:
    problems = []
    for row in rows:
        where = f"{row['_where']} ({row.get('id')})"
        doc = corpus.get(row.get("id"))
        if doc is None:
            problems.append(f"{where}: no such {row.get('collection', 'corpus')} document")
            continue
        if doc.get("dev_gold"):
            problems.append(f"{where}: an STCA dev-gold text (../shared/eval/gold_dev.jsonl): not labelled here")
        if not row.get("url"):
            problems.append(f"{where}: no url (check_provenance.py needs it)")
        if row.get("collection") == "gathered" and row.get("source_kind") not in GATHERED_KINDS:
            problems.append(f"{where}: gathered text of kind {row.get('source_kind')!r}: only texts that may be "
                            f"reproduced ({', '.join(sorted(GATHERED_KINDS))}) are stored in the repository")
        if hashlib.sha1(doc["text"].encode("utf-8")).hexdigest() != row.get("text_sha1"):
            problems.append(f"{where}: text_sha1 does not match the corpus text")
        for k, fig in enumerate(row.get("figures", [])):
            at = f"{where} figure {k}"
            span = doc["text"][fig.get("start", 0):fig.get("end", 0)]
            if not span or not NUMBER_WORDS.search(span):
                problems.append(f"{at}: span {fig.get('start')}-{fig.get('end')} holds no number ({span!r})")
            if not isinstance(fig.get("value"), (int, float)):
                problems.append(f"{at}: value {fig.get('value')!r} is not a number")
            if not fig.get("unit") or not UNITS_FREE.match(fig["unit"].lower()):
                problems.append(f"{at}: unit {fig.get('unit')!r}")
            if fig.get("qualifier") not in QUALIFIERS:
                problems.append(f"{at}: qualifier {fig.get('qualifier')!r}")
            if fig.get("period") is not None and not PERIOD.match(str(fig["period"])):
                problems.append(f"{at}: period {fig.get('period')!r}")
            if not isinstance(fig.get("optional"), bool):
                problems.append(f"{at}: optional must be true or false")
    return problems


def gold_documents(corpus: dict[str, dict], rows: list[dict], ids=None) -> list[dict]:
    """Gold lines for score.py (id, text, date, figures), for the labelled documents."""
    out = []
    for row in rows:
        if ids is not None and row["id"] not in ids:
            continue
        doc = corpus[row["id"]]
        out.append({"id": row["id"], "text": doc["text"], "date": doc.get("date"),
                    "url": doc.get("url") or row.get("url"), "speaker": doc.get("speaker"),
                    "language": doc.get("language"), "genre": doc.get("genre"), "statements": [],
                    "figures": [{k: f.get(k) for k in ("value", "unit", "qualifier", "period", "place",
                                                       "optional", "measure", "source")}
                                for f in row.get("figures", [])]})
    return out


def read_corpus(shared: Path) -> dict[str, dict]:
    path = shared / "fixtures" / "corpus" / "stca_texts.jsonl"
    return {d["id"]: d for d in (json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip())}


def read_excerpts(shared: Path) -> dict[str, dict]:
    """The excerpts as documents ``excerpt-<id>``; those that are dev-gold texts are marked."""
    path = shared / "fixtures" / "excerpts" / "stca_excerpts_dev.jsonl"
    gold_path = shared / "eval" / "gold_dev.jsonl"
    gold = [json.loads(l)["text"] for l in gold_path.read_text(encoding="utf-8").splitlines() if l.strip()] \
        if gold_path.exists() else []
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            text = d["excerpt"]
            out[f"excerpt-{d['id']}"] = {
                "id": f"excerpt-{d['id']}", "text": text, "date": d.get("date"), "url": d.get("url"),
                "language": "en", "genre": d.get("kind") or "news", "speaker": d.get("speaker"),
                "dev_gold": any(text[:200] in g or g[:200] in text for g in gold)}
    return out


def read_hansard(shared: Path, files) -> dict[str, dict]:
    """Every statement of the named House publication XML files, as ``hansard-<sitting>-<seq>``."""
    from crawlers.hansard_xml import parse_sitting

    out = {}
    for name in sorted(set(files)):
        path = shared / "fixtures" / "hansard" / name
        if not path.exists():
            continue
        sitting = parse_sitting(path.read_bytes(), f"file:{name}")
        for st in sitting.statements:
            doc_id = f"hansard-{sitting.id}-{st.seq}"
            out[doc_id] = {"id": doc_id, "text": st.text, "date": sitting.date, "url": None,
                           "language": sitting.language, "genre": sitting.kind,
                           "speaker": st.speaker.name if st.speaker else None}
    return out


def read_gathered(rows: list[dict]) -> dict[str, dict]:
    """Gathered texts (``"collection": "gathered"``): public texts found with the search tool, from
    sources that permit reproduction (Hansard, Senate, committees, government, parties), stored with
    their ``text`` in the label row itself, as nlp/data/stance_gathered.jsonl does."""
    return {r["id"]: {"id": r["id"], "text": r["text"], "date": r.get("date"), "url": r.get("url"),
                      "language": r.get("language"), "genre": r.get("genre"), "speaker": r.get("speaker")}
            for r in rows if r.get("collection") == "gathered" and isinstance(r.get("text"), str)}


def read_documents(shared: Path, rows: list[dict]) -> dict[str, dict]:
    """Every document the label rows can refer to: corpus, excerpts, the Hansard files named, and
    the gathered texts the rows carry."""
    docs = read_corpus(shared)
    if any(r.get("collection") == "excerpts" for r in rows):
        docs.update(read_excerpts(shared))
    docs.update(read_hansard(shared, [r["file"] for r in rows if r.get("collection") == "hansard"]))
    docs.update(read_gathered(rows))
    return docs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(shared_dir()))
    args = ap.parse_args(argv)
    rows = load()
    corpus = read_documents(Path(args.shared), rows)
    problems = check(rows, corpus)
    for p in problems:
        print(p, file=sys.stderr)
    figures = [f for r in rows for f in r.get("figures", [])]
    by = {}
    for r in rows:
        by.setdefault(r.get("collection", "corpus"), [0, 0])
        by[r.get("collection", "corpus")][0] += 1
        by[r.get("collection", "corpus")][1] += len(r.get("figures", []))
    print(", ".join(f"{c}: {n} documents, {f} figures" for c, (n, f) in by.items()))
    print(f"{len(rows)} documents, {len(figures)} figures ({sum(f.get('optional', False) for f in figures)} optional), "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
