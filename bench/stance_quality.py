"""Stance quality benchmark (not a timed test), for ``bench/quality.py --only stance``.

* Statement level: grouped cross-validation on the real corpus statements (the project's
  labels on ``../shared/fixtures/corpus``), folds by document (5-fold) and by source type
  (press / parliament / news). Each fold's head is trained on every row outside the fold
  (Hansard, excerpts, the gathered statements when present, the constructed rows) and the
  held-out statements go through the gate and the head. Confusion matrices, keep recall, the
  reliability of ``stance_score`` and how many real rows each number rests on.
* Speaker level, end to end: the corpus documents go through the whole pipeline (structure,
  attribution, quotes, stance) with the head of their source-type fold, and
  ``../shared/eval/score.py`` scores the per-speaker positions (its ``stances``). The
  attribution model is the committed one, trained on the English corpus labels, so this
  number is optimistic on the attribution side.
* Held-out gathered statements (``stance_data.heldout_rows()``: the ``heldout`` rows of the
  committed ``nlp/data/stance_gathered.jsonl``): real statements gathered and labelled under the guideline, never trained on and
  not tuned to, scored with the committed head by ``../shared/eval/score.py`` (each statement
  one document, its speaker's gold stance against the head's label; the speaker is given, so
  this measures the stance stage alone), with per-label recall and English/French.
* Per speaker, end to end, on the gathered attribution label sets (``gathered_speakers``): the
  read sets and the unread ones apart, with where the misses come from.
* The STCA dev gold and HanDeSeT are run by ``bench/quality.py`` itself.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

KEEP = ("stance_macro_f1", "stance_accuracy", "stance_pairs")


def _pipelines(head_path: Path):
    from nlp.model import load_nlp

    out = {}
    for lang in ("en", "fr"):
        load_nlp.cache_clear()
        nlp_ = load_nlp(lang=lang)
        nlp_.get_pipe("stca_stance").head_path = str(head_path)
        out[lang] = nlp_
    load_nlp.cache_clear()
    return out


def end_to_end(shared: Path, rows: list[dict], work: Path, score_py: Path, log=print) -> dict:
    """Per-speaker stance on the corpus documents, each fold with a head that never saw it."""
    from bench.corpus_gold import DEFAULT_LABELS, gold_documents, input_records, load_labels
    from nlp.extract import extract_records
    from nlp.stance_data import source_type
    from nlp.stance_train import train_head

    gold = gold_documents(shared, load_labels(DEFAULT_LABELS))
    system = work / "stance_corpus_system.jsonl"
    with system.open("w", encoding="utf-8") as fh:
        for fold in ("press", "parliament", "news"):
            held = [d for d in gold if source_type(d.get("genre")) == fold]
            groups = {f"corpus:{d['id']}" for d in held}
            head = train_head([r for r in rows if r["group"] not in groups])
            path = work / f"stance_head_{fold}.json"
            path.write_text(json.dumps({"classes": head.classes, "coef": head.coef.tolist(),
                                        "intercept": head.intercept.tolist(), "key": head.key}))
            pipes = _pipelines(path)
            for lang in ("en", "fr"):
                recs = [r for r in input_records(held) if r["language"] == lang]
                for doc in extract_records(recs, nlp=pipes[lang]):
                    fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
            log(f"stance end to end: fold {fold}, {len(held)} documents")
    out = {}
    for part, keep in (("all", lambda d: True), ("en", lambda d: d["language"] == "en"),
                       ("fr", lambda d: d["language"] == "fr")):
        g = work / f"stance_corpus_gold_{part}.jsonl"
        g.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold if keep(d)),
                     encoding="utf-8")
        res = subprocess.run([sys.executable, str(score_py), str(g), str(system), "--json"],
                             capture_output=True, text=True, check=True)
        d = json.loads(res.stdout)
        out[part] = {k: (round(d[k], 4) if isinstance(d[k], float) else d[k]) for k in KEEP}
    return out


def score_statements(rows: list[dict], work: Path, score_py: Path, name: str = "statements",
                     head_path: str | None = None) -> dict:
    """Statement-level stance of ``rows`` (dicts with id, text, label, speaker, language,
    context) by ``../shared/eval/score.py``: every row is one gold document with one speaker
    position; the system document holds the head's label for that speaker's statement. Parts:
    all / en / fr, each with score.py's macro-F1 and accuracy plus the confusion (recall per
    label) over the same pairs."""
    from nlp import stance, stance_train

    labels = list(stance.load_config().labels)
    got = stance.classify_texts([r["text"] for r in rows], None, None,
                                [bool(r["context"]) for r in rows], head_path=head_path)
    out = {}
    for part, keep in (("all", lambda r: True), ("en", lambda r: r["language"] == "en"),
                       ("fr", lambda r: r["language"] == "fr")):
        sel = [(r, g) for r, g in zip(rows, got) if keep(r)]
        if not sel:
            continue
        gold, system = work / f"{name}_{part}_gold.jsonl", work / f"{name}_{part}_system.jsonl"
        speaker = lambda r: r.get("speaker") or "Unknown Speaker"
        gold.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "statements": [],
                                            "figures": [], "stances": [{"speaker": speaker(r), "stance": r["label"]}]},
                                           ensure_ascii=False) + "\n" for r, _ in sel), encoding="utf-8")
        system.write_text("".join(json.dumps({"doc_id": r["id"], "figures": [], "statements": [
            {"speaker": speaker(r), "quote": r["text"], "text": r["text"], "stance": g["stance"],
             "stance_score": g["stance_score"]}]}, ensure_ascii=False) + "\n" for r, g in sel),
            encoding="utf-8")
        res = subprocess.run([sys.executable, str(score_py), str(gold), str(system), "--json"],
                             capture_output=True, text=True, check=True)
        d = json.loads(res.stdout)
        conf = stance_train.confusion([r["label"] for r, _ in sel], [g["stance"] for _, g in sel], labels)
        out[part] = {k: (round(d[k], 4) if isinstance(d[k], float) else d[k]) for k in KEEP} | {
            "recall": conf["recall"], "matrix": conf["matrix"],
            "support": {lab: sum(r["label"] == lab for r, _ in sel) for lab in labels}}
    return out


def gathered_speakers(work: Path, score_py: Path, log=print) -> dict:
    """Per-speaker stance, end to end, on the gathered attribution label sets (their ``stances``:
    each speaker's position in the document), the committed pipeline (structure, attribution,
    quotes, stance) on their texts: split into the sets whose examples were read while building
    and the unread ones (``nlp.attribution_train.UNREAD_GATHERED``), the texts never trained on.
    Also where the misses come from: a speaker with no statement at all, only `none` statements,
    or a wrong position (counts only)."""
    from bench.attribution_quality import gathered_gold
    from bench.corpus_gold import input_records
    from nlp.attribution_train import GATHERED_LABEL_FILES, UNREAD_GATHERED
    from nlp.extract import extract_records

    parts = {"read": [n for n in GATHERED_LABEL_FILES if n not in UNREAD_GATHERED],
             "unread": [n for n in GATHERED_LABEL_FILES if n in UNREAD_GATHERED]}
    out = {}
    for part, names in parts.items():
        gold = [d for n in names if GATHERED_LABEL_FILES[n].exists() for d in gathered_gold(GATHERED_LABEL_FILES[n])]
        g, sysp = work / f"gathered_speakers_gold_{part}.jsonl", work / f"gathered_speakers_{part}.jsonl"
        g.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold), encoding="utf-8")
        with sysp.open("w", encoding="utf-8") as fh:
            for doc in extract_records(input_records(gold)):
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
        res = subprocess.run([sys.executable, str(score_py), str(g), str(sysp), "--json"],
                             capture_output=True, text=True, check=True)
        d = json.loads(res.stdout)
        out[part] = {"sets": names, "documents": len(gold),
                     **{k: (round(d[k], 4) if isinstance(d[k], float) else d[k]) for k in KEEP},
                     "attribution_f1": round(d["attribution_f1"], 4), "misses": _miss_kinds(gold, sysp, score_py)}
        log(f"stance per speaker on the {part} gathered sets ({'+'.join(names)}, {d['stance_pairs']} "
            f"positions): macro-F1 {d['stance_macro_f1']:.3f}, accuracy {d['stance_accuracy']:.3f}; "
            f"misses {out[part]['misses']}")
    return out


def _miss_kinds(gold: list[dict], system: Path, score_py: Path) -> dict:
    """How each wrong speaker position arises, by score.py's own speaker matching."""
    import importlib.util
    from collections import Counter

    spec = importlib.util.spec_from_file_location("shared_score", score_py)
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    docs = {d["doc_id"]: d for d in map(json.loads, system.read_text(encoding="utf-8").splitlines())}
    kinds = Counter()
    for gd in gold:
        statements = docs.get(gd["id"], {}).get("statements", [])
        for g in gd.get("stances", []):
            mine = [s for s in statements if sc.speaker_match(g["speaker"], s.get("speaker"))]
            pos = [s for s in mine if s.get("stance") not in (None, "none")]
            label = max(pos, key=lambda s: float(s.get("stance_score") or 0))["stance"] if pos else "none"
            if label != g["stance"]:
                kinds["no statement" if not mine else "only none" if not pos else f"{g['stance']} as {label}"] += 1
    return dict(sorted(kinds.items()))


def run(shared: Path, work: Path, log=print) -> dict:
    from nlp import stance, stance_data, stance_train

    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    rows = stance_data.all_rows(shared)
    labels = list(stance.load_config().labels)
    out = {"rows": {src: sum(r["source"] == src for r in rows)
                    for src in ("corpus", "hansard", "excerpt", "gathered", "constructed")}}
    temperature = 1.0
    for by in ("doc", "type"):
        cv = stance_train.cross_validate(rows, by)
        if by == "doc":
            idx = sorted(cv["logits"])
            temperature = stance_train.fit_temperature([cv["logits"][i] for i in idx],
                                                       [rows[i]["label"] for i in idx])
        out[f"cv_by_{by}"] = stance_train.evaluation(rows, cv, labels, temperature)
        m = out[f"cv_by_{by}"]["all"]
        log(f"stance CV by {by}: macro-F1 {m['macro_f1']:.3f}, keep recall {m['recall']['keep']:.2f} "
            f"({m['n']} real corpus statements)")
    out["temperature"] = temperature
    score_py = shared / "eval" / "score.py"
    held = stance_data.heldout_rows()
    if held:
        out["heldout_gathered"] = score_statements(held, work, score_py, "heldout_gathered")
        m = out["heldout_gathered"]["all"]
        log(f"stance on {m['stance_pairs']} held-out gathered statements (score.py): "
            f"macro-F1 {m['stance_macro_f1']:.3f}, accuracy {m['stance_accuracy']:.3f}")
    out["end_to_end"] = end_to_end(shared, rows, work, score_py, log)
    out["gathered_speakers"] = gathered_speakers(work, score_py, log)
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def main(argv=None) -> int:
    """``python -m bench.stance_quality [--head head.json] [--out FILE]``: the gathered
    statements only (held-out part, training part, and both without the rows the committed
    head's training data overlaps), scored by score.py with one head; no CV, no retraining."""
    import argparse

    from nlp import stance_data

    ap = argparse.ArgumentParser()
    ap.add_argument("--head", default=None, help="head.json (default: the committed head)")
    ap.add_argument("--out", default=None, help="write the JSON here as well")
    args = ap.parse_args(argv)
    shared = stance_data.shared_dir()
    work = Path("var/bench/stance_gathered")
    work.mkdir(parents=True, exist_ok=True)
    score_py = shared / "eval" / "score.py"
    held, train = stance_data.heldout_rows(), stance_data.gathered_rows()
    parts = {"heldout": held, "train_part": train,
             "all_unseen_by_committed_head": [r for r in held + train if not r["seen_by_committed"]]}
    res = {name: score_statements(rows, work, score_py, name, args.head)
           for name, rows in parts.items() if rows}
    text = json.dumps(res, indent=1)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    for name, part in res.items():
        for lang, m in part.items():
            print(f"{name:30s} {lang:3s} n={m['stance_pairs']:3d} macro-F1 {m['stance_macro_f1']:.3f} "
                  f"acc {m['stance_accuracy']:.3f} recall " + " ".join(
                      f"{k} {v:.2f}/{m['support'][k]}" for k, v in m["recall"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
