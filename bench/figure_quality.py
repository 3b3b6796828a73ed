"""Figures on the corpus labels (docs/figures_guideline.md, nlp/data/figure_labels_*.jsonl):
value F1, period / place / qualifier accuracy with ../shared/eval/score.py, on all labelled
documents and on two fixed halves ("A" and "B", by a hash of the document id), so that a
change designed while reading half A is reported on half B, which it was not tuned to.

A third set, "C", is the gathered texts (nlp/data/figure_labels_gathered.jsonl, labelled blind on
3 Dec 2026): it is not part of "all" or the language slices; it was scored unread once (3 Dec) and
its errors have been read since 4 Dec 2026 (``--misses --with-c``), so its later scores are scores
on read data. A fourth, "D" (nlp/data/figure_labels_gathered_d.jsonl, ``g-d-`` ids, labelled blind
later on 3 Dec 2026), was scored unread twice (3 and 4 Dec) and has been read since 4 Dec 2026
(``--with-d``). A fifth, "E" (nlp/data/figure_labels_gathered_e.jsonl, ``g-e-`` ids, labelled
blind on 4 Dec 2026), was scored unread three times and has been read since the evening of 4 Dec
2026 (``--with-e``). A sixth, "F" (nlp/data/figure_labels_gathered_f.jsonl, ``g-f-`` ids, labelled
blind later on 4 Dec 2026 for period resolution on unseen text), was scored unread four times and
has been read since 5 Dec 2026 (session 14, ``--with-f``). A seventh, "G"
(nlp/data/figure_labels_gathered_g.jsonl, ``g-g-`` ids, labelled blind on 6 Dec 2026), was scored
unread once and has been read since 6 Dec 2026 (session 15, ``--with-g``). An eighth, "H"
(nlp/data/figure_labels_gathered_h.jsonl, ``g-h-`` ids, labelled blind on 6 Dec 2026), was scored
unread twice and has been read since later on 6 Dec 2026 (``--with-h``). A ninth, "I"
(nlp/data/figure_labels_gathered_i.jsonl, ``g-i-`` ids, labelled blind on 6 Dec 2026), was scored
unread once and has been read since 7 Dec 2026 (session 16, ``--with-i``). A tenth, "J"
(nlp/data/figure_labels_gathered_j.jsonl, ``g-j-`` ids, 13 texts labelled blind on 7 Dec 2026), was
scored unread twice and has been read since later on 7 Dec 2026 (``--with-j``). An eleventh, "K"
(nlp/data/figure_labels_gathered_k.jsonl, ``g-k-`` ids, 8 texts labelled blind later on 7 Dec 2026),
is scored and never printed: the unread set. L (``g-l-``, CBSA tables and four texts in sentences,
labelled blind on 7 Dec 2026) was scored unread and has been read since session 23 (``--with-l``);
M and N stay unread. O (``g-o-``, labelled blind in session 23: government pages, Peel Region,
a Public Safety note, House and committee pages, 2 French) is unread; its IRCC monthly pipe table
was read and moved to L.

``python bench/quality.py --only figures``; ``python -m bench.figure_quality --misses`` prints the
errors on half A (missed labels, extra figures, wrong period / place / qualifier), ``--misses
--with-b`` on halves A and B (B's errors were first read on 3 Dec 2026), ``--with-c`` adds set C
(read since 4 Dec 2026), ``--with-d`` set D (read since 4 Dec 2026), ``--with-e`` set E (read since
4 Dec 2026, session 13), ``--with-f`` set F (read since 5 Dec 2026, session 14), ``--with-g`` set G (read since 6 Dec 2026,
session 15), ``--with-h`` set H (read since later on 6 Dec 2026), ``--with-i`` set I (read since 7 Dec
2026), ``--with-j`` set J (read since later on 7 Dec 2026). K's are never printed."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.figure_labels import gold_documents, load, read_documents


# the gathered sets after C, each with its id prefix and file (nlp/data/figure_labels_gathered_<x>.jsonl)
GATHERED_SETS = "DEFGHIJKLMNO"
UNREAD_SETS = "KMNO"  # scored, their errors never printed (misses() refuses them); J read since 7 Dec 2026, L since session 23


def half(doc_id: str) -> str:
    """A or B by a hash of the id (the labels of ../shared); C for a gathered text (``g-`` ids,
    nlp/data/figure_labels_gathered.jsonl); D to K for the later gathered sets, each by its id
    prefix (``g-d-`` ... ``g-k-``, nlp/data/figure_labels_gathered_d.jsonl ... _k.jsonl), tested
    before C's: their ids also start with ``g-``."""
    for name in GATHERED_SETS:
        if doc_id.startswith(f"g-{name.lower()}-"):
            return name
    if doc_id.startswith("g-"):
        return "C"
    return "A" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def score(score_py: Path, gold: list[dict], system: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        g, s = Path(tmp) / "gold.jsonl", Path(tmp) / "sys.jsonl"
        g.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold), encoding="utf-8")
        s.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in system), encoding="utf-8")
        out = subprocess.run([sys.executable, str(score_py), str(g), str(s), "--json"],
                             capture_output=True, text=True, check=True)
    res = json.loads(out.stdout)
    keys = ("figure_f1", "figure_precision", "figure_recall", "figure_period_accuracy",
            "figure_place_accuracy", "figure_qualifier_accuracy")
    counts = res.get("counts", {})
    return {**{k: round(res[k], 4) for k in keys if k in res},
            "gold_figures": counts.get("gold_figures"), "found_figures": counts.get("found_figures"),
            "documents": len(gold)}


def _scorer(score_py: Path):
    """../shared/eval/score.py as a module (its ``period_span``), loaded by path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_score", score_py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _system(shared: Path):
    """The label rows, their gold documents and the system's records for them."""
    from nlp.extract import extract_records

    rows = load()
    corpus = read_documents(shared, rows)
    gold = gold_documents(corpus, rows)
    records = [{"id": d["id"], "text": d["text"], "date": d["date"], "url": d["url"],
                "language": d["language"], **({"speaker": d["speaker"]} if d.get("speaker") else {})}
               for d in gold]
    return rows, gold, list(extract_records(records))


def misses(shared: Path, halves=("A",)) -> list[str]:
    """The errors on the named halves (A; B, read since 3 Dec 2026; C and D, read since 4 Dec 2026;
    E, read since 4 Dec 2026 in session 13; F, read since 5 Dec 2026 in session 14; G and H, read since 6 Dec 2026 in session 15; I and J, read since 7 Dec 2026 in session 16; L since session 23; never K, M, N), matched the way score.py matches (value within
    0.5 %, best period+place; a period by its months, as score.py compares it)."""
    unread = sorted(set(halves) & set(UNREAD_SETS))
    if unread:
        raise ValueError(f"set {', '.join(unread)} (gathered texts, an unread set) is scored, never printed")
    rows, gold, system = _system(shared)
    span = _scorer(shared / "eval" / "score.py").period_span  # periods compared as score.py does: by month
    by_doc = {s["doc_id"]: s["figures"] for s in system}
    labels = {r["id"]: r for r in rows}
    lines = []
    for d in gold:
        if half(d["id"]) not in halves:
            continue
        text, sys_f, used = d["text"], list(by_doc.get(d["id"], [])), set()
        for g, label in zip(d["figures"], labels[d["id"]]["figures"]):
            mention = text[label["start"]:label["end"]]
            cands = [i for i, f in enumerate(sys_f) if i not in used
                     and abs(float(f["value"]) - g["value"]) <= 0.005 * abs(g["value"]) + 1e-9]
            if not cands:
                if not g.get("optional"):
                    lines.append(f"{d['id']} MISSED {mention!r} = {g['value']} {g['unit']}: "
                                 f"...{text[max(0, label['start'] - 80):label['end'] + 60]!r}")
                continue
            i = max(cands, key=lambda i: (span(sys_f[i].get("period")) == span(g.get("period")))
                    + ((sys_f[i].get("place") or "") == (g.get("place") or "")))
            used.add(i)
            f = sys_f[i]
            if g.get("optional"):
                continue
            for key in ("period", "place", "qualifier"):
                same = (span(f.get(key)) == span(g.get(key))) if key == "period" else (f.get(key) or "") == g.get(key)
                if g.get(key) and not same:
                    lines.append(f"{d['id']} {key.upper()} {mention!r}: gold {g[key]!r}, system {f.get(key)!r} "
                                 f"(date {d['date']}): {f['text'][:220]!r}")
        for i, f in enumerate(sys_f):
            if i not in used:
                lines.append(f"{d['id']} EXTRA {f['mention']!r} = {f['value']} {f['unit']}: {f['text'][:200]!r}")
    return lines


def run(shared: Path) -> dict:
    rows, gold, system = _system(shared)
    if not rows:
        return {"error": "no figure labels (nlp/data/figure_labels_*.jsonl)"}
    corpus_ids = {r["id"] for r in rows if "collection" not in r}
    ab = lambda d: half(d["id"]) in ("A", "B")  # noqa: E731  "all" and the slices stay the A+B labels
    parts = {"all": ab} | {name: (lambda d, n=name: half(d["id"]) == n) for name in "ABC" + GATHERED_SETS}
    parts |= {
             "en": lambda d: ab(d) and d["language"] == "en", "fr": lambda d: ab(d) and d["language"] == "fr",
             "corpus": lambda d: d["id"] in corpus_ids,
             "hansard+excerpts": lambda d: ab(d) and d["id"] not in corpus_ids}
    out = {}
    for name, keep in parts.items():
        ids = {d["id"] for d in gold if keep(d)}
        if not ids:  # a set not labelled yet (G before its file exists)
            continue
        out[name] = score(shared / "eval" / "score.py", [d for d in gold if d["id"] in ids],
                          [s for s in system if s["doc_id"] in ids])
    return out


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    shared_dir = Path(args[0] if args else "../shared")
    if "--misses" in sys.argv:
        chosen = ("A",) + tuple(h for h in "BC" + GATHERED_SETS
                                if h not in UNREAD_SETS and f"--with-{h.lower()}" in sys.argv)
        print("\n".join(misses(shared_dir, chosen)))
    else:
        print(json.dumps(run(shared_dir), indent=2))
