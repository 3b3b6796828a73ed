"""The stance classifier's labelled rows, from every source, in one shape.

A row is ``{"id", "text", "label", "source", "group", "source_type", "language", "url",
"speaker", "context"}``:

* ``source`` — ``corpus`` (the project's statement labels on ``../shared/fixtures/corpus``:
  real STCA texts, see docs/attribution_guideline.md), ``hansard`` / ``excerpt`` (real rows of
  ``nlp/data/stance_labels.jsonl``), ``constructed`` (written by the annotator) or ``gathered``
  (real statements found with the search tool, see
  ``gathered_rows``: committed in ``nlp/data/stance_gathered.jsonl``, sources that permit
  reproduction only);
* ``group`` — the source document: cross-validation never splits one;
* ``source_type`` — ``press``, ``parliament`` or ``news`` (the grouped-CV folds of the issue);
* ``context`` — the row's document is itself about the STCA (it passes the stance gate), so
  "the agreement", "it", "the loophole" may refer to it.

Texts from ``../shared`` are read at build time and never committed; a missing source is
skipped with a warning naming it, so a checkout without ``../shared`` still trains on the rows
that carry their text.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from .paths import shared_dir

log = logging.getLogger(__name__)
DATA = Path(__file__).resolve().parent / "data"
CORPUS_LABELS = (DATA / "corpus_labels_en.jsonl", DATA / "corpus_labels_fr.jsonl")
CORPUS = Path("fixtures") / "corpus" / "stca_texts.jsonl"
GATHERED = DATA / "stance_gathered.jsonl"  # committed gathered statements (reproducible sources)
LABELS = ("suspend", "extend", "keep", "none")
SOURCE_TYPES = {"press_release": "press", "senate_statement": "parliament",
                "committee_testimony": "parliament", "hansard": "parliament",
                "senate": "parliament", "committee": "parliament"}
REAL = ("corpus", "hansard", "excerpt", "gathered")




def source_type(genre: str | None) -> str:
    """press / parliament / news for a corpus genre (everything not press or parliament is news)."""
    return SOURCE_TYPES.get(genre or "", "news")


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def corpus_rows(shared: Path | None = None, label_paths=CORPUS_LABELS) -> list[dict]:
    """One row per labelled corpus statement with a speaker (optional ones included: their
    stance is labelled even where the attribution scorer does not require them)."""
    from .stance import passes_gate

    shared = Path(shared or shared_dir())
    corpus_file = shared / CORPUS
    if not corpus_file.exists():
        log.warning("stance: %s not found: corpus statement labels skipped", corpus_file)
        return []
    texts = {d["id"]: d for d in _read_jsonl(corpus_file)}
    rows = []
    for path in label_paths:
        if not Path(path).exists():
            continue
        for n, lab in enumerate(_read_jsonl(path), 1):
            doc = texts.get(lab["id"])
            if doc is None:
                log.warning("%s:%d: corpus text %r not in %s: skipped", path, n, lab["id"], corpus_file)
                continue
            text = doc["text"]
            if lab.get("text_sha1") and hashlib.sha1(text.encode()).hexdigest() != lab["text_sha1"]:
                log.warning("%s:%d: the text of %r changed since it was labelled: skipped",
                            path, n, lab["id"])
                continue
            context = passes_gate(text)
            for st in lab.get("statements", []):
                if not st.get("speaker") or st.get("stance") not in LABELS:
                    continue
                rows.append({
                    "id": f"corpus:{lab['id']}:{st['start']}-{st['end']}",
                    "text": text[st["start"]:st["end"]], "label": st["stance"],
                    "source": "corpus", "group": f"corpus:{lab['id']}",
                    "source_type": source_type(lab.get("genre") or doc.get("genre")),
                    "language": lab.get("language") or doc.get("language") or "en",
                    "url": lab.get("url") or doc.get("url"), "speaker": st["speaker"],
                    "context": context})
    return rows


def hansard_url(file: str | None) -> str | None:
    """The House of Commons page of a Hansard fixture named {parliament}-{session}-{sitting}-{lang}.xml."""
    m = re.match(r"(\d+)-(\d+)-(\d+)-(en|fr)\.xml$", file or "")
    return (f"https://www.ourcommons.ca/DocumentViewer/{m[4]}/{m[1]}-{m[2]}/house/sitting-{m[3]}/hansard"
            if m else None)


def labelled_rows(shared: Path | None = None) -> list[dict]:
    """The rows of nlp/data/stance_labels.jsonl (Hansard, excerpts, constructed) in row shape."""
    from .stance_train import LABELS as STANCE_LABELS, group_of, load_labels

    rows = []
    for r in load_labels(STANCE_LABELS, shared):
        src = r["source"]
        rows.append({
            "id": r["id"], "text": r["text"], "label": r["label"], "source": src,
            "group": group_of(r), "split": r.get("split"),
            "source_type": {"hansard": "parliament", "excerpt": (
                "parliament" if str(r.get("excerpt_id", "")).startswith("parl") else "news")}.get(src, "constructed"),
            "language": "en", "url": r.get("url") or hansard_url(r.get("file")),
            "speaker": r.get("speaker"),
            "context": bool(r.get("context"))})
    return rows


def gathered_rows(paths: list[Path] | None = None, split: str = "train") -> list[dict]:
    """Real statements gathered with the search tool.

    Without ``paths``: the committed ``nlp/data/stance_gathered.jsonl`` only (statements from
    sources that permit reproduction: Hansard, Senate, Government of Canada, party, NGO
    releases), so a clean checkout trains on exactly the rows the committed head was trained
    on (``train-stance`` reproduces its data hash). News texts are not gathered: they may not
    be committed, and rows kept outside the repository were lost with the session that held
    them. With ``paths``: those files only. Each line has url, language, genre, speaker, text,
    label and ``split`` (``train`` or ``heldout``, fixed by a hash of the URL; absent means
    ``train``); only the rows of ``split`` are returned (``None``: all). Checked with
    ``../shared/eval/check_provenance.py`` before use. A text seen twice is used once."""
    rows, seen = [], set()
    files = ([GATHERED] if GATHERED.exists() else []) if paths is None else paths
    for path in files:
        rows.extend(_gathered_file(Path(path), seen, split))
    return rows


def heldout_rows() -> list[dict]:
    """The gathered statements kept out of training: the committed file's ``heldout`` rows."""
    return _gathered_file(GATHERED, set(), "heldout") if GATHERED.exists() else []


def _gathered_file(path: Path, seen: set, split: str | None = "train") -> list[dict]:
    rows = []
    for n, r in enumerate(_read_jsonl(path), 1):
        if r.get("label") not in LABELS or not (r.get("text") or "").strip() or not r.get("url"):
            log.warning("%s:%d: gathered row without label, text or url: skipped", path, n)
            continue
        if split is not None and r.get("split", "train") != split:
            continue
        key = " ".join(r["text"].split()).lower()
        if key in seen:
            continue
        seen.add(key)
        rows.append({
            "id": f"gathered:{r.get('id') or n}", "text": r["text"], "label": r["label"],
            "source": "gathered", "group": f"gathered:{r['url']}",
            "source_type": source_type(r.get("genre")), "language": r.get("language") or "en",
            "url": r["url"], "speaker": r.get("speaker"), "split": r.get("split", "train"),
            "source_kind": r.get("source_kind"), "seen_by_committed": bool(r.get("seen_by_committed")),
            "context": bool(r.get("doc_about_stca", True))})
    return rows


def all_rows(shared: Path | None = None, gathered: bool = True) -> list[dict]:
    rows = labelled_rows(shared) + corpus_rows(shared)
    return rows + (gathered_rows() if gathered else [])


def rows_hash(rows: list[dict]) -> str:
    """sha1 over (id, text sha1, label) of the rows in order: the training data's fingerprint."""
    h = hashlib.sha1()
    for r in rows:
        h.update(f"{r['id']}\t{hashlib.sha1(r['text'].encode()).hexdigest()}\t{r['label']}\n".encode())
    return h.hexdigest()
