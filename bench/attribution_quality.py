"""Attribution quality benchmark (not a timed test), for bench/quality.py --only attribution.

* PolNeAR dev in both views (``polnear_to_gold.py DIR`` and ``--speech-only``), PolNeAR's own
  quote convention (a cue's pieces one statement), scored by ../shared/eval/score.py;
* the STCA dev gold (../shared/eval/gold_dev.jsonl);
* grouped cross-validation on the project's corpus labels: the corpus is split by source type
  (news-like / press releases / parliament and interviews), the tagger is retrained on PolNeAR
  train plus the English labels of the other folds, and the pipeline is scored on the held-out
  fold (English and French documents; French goes through the French rules);
* the ablation: the structure stage off, the model off (rules only), the rules' proposals off;
* the gathered labels (nlp/data/attribution_labels_gathered.jsonl: 13 public press releases,
  Senate, committee and House texts labelled blind on 6 Dec 2026), never trained on;
* throughput: the NLP stage's words/s beside bare ``nlp.pipe`` of the same base model on the
  same texts (the PolNeAR dev articles, i.e. news).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FOLDS = {"news": {"news", "explainer", "editorial", "open_letter"},
         "release": {"press_release"},
         "parliament": {"senate_statement", "committee_testimony", "transcript", "interview"}}
KEEP = ("quote_precision", "quote_recall", "quote_f1", "attribution_precision", "attribution_recall",
        "attribution_f1", "speaker_accuracy_on_found")


def score(score_py: Path, gold: Path, system: Path) -> dict:
    res = subprocess.run([sys.executable, str(score_py), str(gold), str(system), "--json"],
                         capture_output=True, text=True, check=True)
    d = json.loads(res.stdout)
    return {k: round(d[k], 4) for k in KEEP} | {"counts": d["counts"]}


def pipeline(model_dir=None, structure=True, model=True, rules=True, merge=False):
    """The English pipeline as stca_quotes sees it (attribution + quotes), with parts switched off."""
    import spacy

    import nlp.attribution  # noqa: F401  (registers the factories)
    import nlp.quotes  # noqa: F401
    from nlp.extensions import install_extensions
    from nlp.model import BASE_MODEL

    install_extensions()
    nlp_ = spacy.load(BASE_MODEL)
    if model:
        nlp_.add_pipe("stca_attribution", config={"model_dir": str(model_dir) if model_dir else None,
                                                  "use_rules": rules})
    # the model alone (rules off) is the tagger's own decision, not the rules+model decoder
    nlp_.add_pipe("stca_quotes", config={"merge_continuations": merge, "use_structure": structure,
                                         "decoder": "rules+model" if rules else "model"})
    return nlp_


def extract_to(path: Path, records, nlp_) -> float:
    from nlp.extract import extract_records

    t0 = time.perf_counter()
    with path.open("w", encoding="utf-8") as fh:
        for doc in extract_records(records, nlp=nlp_):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return time.perf_counter() - t0


def gold_inputs(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            yield {k: d[k] for k in ("id", "text", "speaker", "date", "url", "language") if k in d}


VARIANTS = {"full": {}, "no_structure": {"structure": False}, "no_model": {"model": False},
            "no_rule_proposals": {"rules": False}}


def polnear_golds(ev: Path, work: Path) -> dict[str, Path]:
    """PolNeAR dev as gold files in both views ({"full": path, "speech": path}), written by the
    shared ``polnear_to_gold.py`` into ``work``."""
    golds = {}
    for view, flag in (("full", []), ("speech", ["--speech-only"])):
        g = work / f"polnear_dev_{view}.jsonl"
        with g.open("w", encoding="utf-8") as fh:
            subprocess.run([sys.executable, str(ev / "polnear_to_gold.py"), str(ev / "polnear-dev"), *flag],
                           stdout=fh, check=True)
        golds[view] = g
    return golds


def polnear_and_stca(ev: Path, work: Path, score_py: Path, log=print) -> dict:
    out = {}
    golds = polnear_golds(ev, work)
    for name, kw in VARIANTS.items():
        sysp = work / f"polnear_{name}.jsonl"
        secs = extract_to(sysp, gold_inputs(golds["full"]), pipeline(merge=True, **kw))
        out[f"polnear_{name}"] = {v: score(score_py, golds[v], sysp) for v in golds} | {"seconds": round(secs, 1)}
        sysp = work / f"stca_{name}.jsonl"
        extract_to(sysp, gold_inputs(ev / "gold_dev.jsonl"), pipeline(**kw))
        out[f"stca_{name}"] = score(score_py, ev / "gold_dev.jsonl", sysp)
        log(f"{name}: PolNeAR dev F1 {out[f'polnear_{name}']['full']['attribution_f1']:.3f} "
            f"(speech view {out[f'polnear_{name}']['speech']['attribution_f1']:.3f}), "
            f"STCA dev {out[f'stca_{name}']['attribution_f1']:.3f}")
    return out


def corpus_cv(shared: Path, work: Path, score_py: Path, log=print) -> dict:
    """Grouped CV by source type on the corpus labels (retraining the tagger per fold)."""
    from bench.corpus_gold import DEFAULT_LABELS, gold_documents, input_records, load_labels
    from nlp.attribution_data import read_corpus_labels
    from nlp.attribution_features import FEATURE_VERSION
    from nlp.attribution import MODEL_DIR, doc_roles, load_encoder, load_tagger
    from nlp.attribution_train import LABEL_FILES, parse, train_crf, training_documents

    labels = load_labels(DEFAULT_LABELS)
    gold = gold_documents(shared, labels)
    genre = {d["id"]: d.get("genre") for d in gold}
    polnear = training_documents(shared, corpus=False)
    log(f"parsing {len(polnear)} PolNeAR train articles once for the folds")
    parsed_polnear = parse(polnear)
    corpus = list(read_corpus_labels(LABEL_FILES, shared / "fixtures" / "corpus" / "stca_texts.jsonl"))
    parsed_corpus = parse(corpus)
    # the committed encoder (trained on PolNeAR train only: it never saw a corpus text) gives every
    # document its role probabilities; each fold's CRF is retrained on them
    _, card = load_tagger(MODEL_DIR)
    encoder = load_encoder(MODEL_DIR, card)
    roles_polnear = [doc_roles(encoder, d) for d, _ in parsed_polnear] if encoder else None
    roles_corpus = [doc_roles(encoder, d) for d, _ in parsed_corpus] if encoder else None
    systems = {name: [] for name in VARIANTS}
    for fold, genres in FOLDS.items():
        held = {i for i, g in genre.items() if g in genres}
        keep = [k for k, d in enumerate(corpus) if d["id"] not in held]
        model_dir = work / f"model_{fold}"
        model_dir.mkdir(exist_ok=True)
        docs = polnear + [corpus[k] for k in keep]
        roles = roles_polnear + [roles_corpus[k] for k in keep] if encoder else None
        stats = train_crf(parsed_polnear + [parsed_corpus[k] for k in keep], docs, model_dir / "model.crfsuite",
                          roles=roles)
        fold_card = {"feature_version": FEATURE_VERSION}
        if encoder:
            fold_card["encoder"] = {**card["encoder"], "folder": str(MODEL_DIR / card["encoder"]["folder"])}
        (model_dir / "card.json").write_text(json.dumps(fold_card))
        log(f"fold {fold}: trained on {len(docs)} documents ({stats['train_seconds']} s), "
            f"held out {len(held)} corpus documents")
        recs = [r for r in input_records([d for d in gold if d["id"] in held])]
        for name, kw in VARIANTS.items():
            sysp = work / f"cv_{fold}_{name}.jsonl"
            extract_to(sysp, recs, pipeline(model_dir=model_dir, **kw))
            systems[name].append(sysp)
    parts = {"all": lambda d: True, "en": lambda d: d["language"] == "en", "fr": lambda d: d["language"] == "fr"}
    parts |= {fold: (lambda d, g=genres: d.get("genre") in g) for fold, genres in FOLDS.items()}
    golds = {}
    for part, keep in parts.items():  # the gold of each part, written once for every variant
        golds[part] = work / f"corpus_gold_{part}.jsonl"
        golds[part].write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold if keep(d)),
                               encoding="utf-8")
    out = {}
    for name, paths in systems.items():
        merged = work / f"cv_{name}.jsonl"
        merged.write_text("".join(p.read_text(encoding="utf-8") for p in paths), encoding="utf-8")
        res = {part: score(score_py, g, merged) for part, g in golds.items()}
        out[name] = res
        log(f"corpus CV {name}: F1 {res['all']['attribution_f1']:.3f} (en {res['en']['attribution_f1']:.3f}, "
            f"fr {res['fr']['attribution_f1']:.3f}; news {res['news']['attribution_f1']:.3f}, "
            f"release {res['release']['attribution_f1']:.3f}, parliament {res['parliament']['attribution_f1']:.3f})")
    out["documents"] = len(gold)
    return out


def gathered_gold(path: Path | None = None) -> list[dict]:
    """score.py gold lines for the attribution labels on gathered public texts (press releases,
    Senate, committee and House texts labelled blind on 6 Dec 2026, which carry their text)."""
    from bench.corpus_gold import gold_document
    from nlp.attribution_train import GATHERED_LABEL_FILE

    lines = Path(path or GATHERED_LABEL_FILE).read_text(encoding="utf-8").splitlines()
    return [gold_document(label, label) for label in (json.loads(line) for line in lines if line.strip())]


def gathered_set(work: Path, score_py: Path, log=print, name: str = "A") -> dict:
    """The committed pipeline on a set of gathered attribution labels (nlp.attribution_train.
    GATHERED_LABEL_FILES: A, read since 7 Dec 2026; B, unread): never trained on (the corpus CV
    with A in training scored 0.853 against 0.865 without, so they stay evaluation sets), by
    variant, genre and language."""
    from bench.corpus_gold import input_records
    from nlp.attribution_train import GATHERED_LABEL_FILES

    gold = gathered_gold(GATHERED_LABEL_FILES[name])
    out = {"documents": len(gold), "statements": sum(len(d["statements"]) for d in gold)}
    golds = {"all": gold} | {g: [d for d in gold if d["genre"] == g] for g in sorted({d["genre"] for d in gold})}
    if len({d.get("language") for d in gold}) > 1:
        golds |= {lang: [d for d in gold if d.get("language") == lang] for lang in sorted({d.get("language") for d in gold})}
    paths = {}
    work = work / f"gathered_{name}"
    work.mkdir(parents=True, exist_ok=True)
    for part, docs in golds.items():
        paths[part] = work / f"gathered_gold_{part}.jsonl"
        paths[part].write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    for variant in ("full", "no_structure", "no_model"):
        sysp = work / f"gathered_{variant}.jsonl"
        extract_to(sysp, input_records(gold), pipeline(**VARIANTS[variant]))
        out[variant] = {part: score(score_py, g, sysp) for part, g in paths.items()}
        log(f"gathered labels {name} ({len(gold)} docs, never trained on) {variant}: attribution F1 "
            f"{out[variant]['all']['attribution_f1']:.3f} ("
            + ", ".join(f"{p} {r['attribution_f1']:.3f}" for p, r in out[variant].items() if p != "all") + ")")
    return out


def throughput(ev: Path, work: Path) -> dict:
    """Words/s of the NLP stage (load_nlp(): attribution, quotes, figures, stance) and of bare
    nlp.pipe of the same base model on the same texts, interleaved, best of 2."""
    from nlp.extract import extract_records
    from nlp.model import load_base, load_nlp

    texts = [json.loads(line)["text"] for line in (work / "polnear_dev_full.jsonl").read_text().splitlines()]
    words = sum(len(t.split()) for t in texts)
    base, full = load_base(), load_nlp()
    bare_s, stage_s = [], []
    for _ in range(2):
        t0 = time.perf_counter()
        for _doc in base.pipe(texts, batch_size=16):
            pass
        bare_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _rec in extract_records(({"id": str(k), "text": t} for k, t in enumerate(texts)), nlp=full):
            pass
        stage_s.append(time.perf_counter() - t0)
    bare, stage = words / min(bare_s), words / min(stage_s)
    return {"words": words, "bare_words_per_s": round(bare), "stage_words_per_s": round(stage),
            "ratio": round(stage / bare, 3)}


def run(shared: Path, work: Path | None = None, cv: bool = True, log=print) -> dict:
    ev = shared / "eval"
    score_py = ev / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        res = polnear_and_stca(ev, work, score_py, log)
        res["throughput"] = throughput(ev, work)
        log(f"throughput: stage {res['throughput']['stage_words_per_s']} words/s, bare nlp.pipe "
            f"{res['throughput']['bare_words_per_s']} words/s, ratio {res['throughput']['ratio']}")
        from nlp.attribution_train import GATHERED_LABEL_FILES

        for name, path in GATHERED_LABEL_FILES.items():  # "gathered" (A, read) and "gathered_b" (unread)
            if path.exists():
                res["gathered" if name == "A" else f"gathered_{name.lower()}"] = gathered_set(work, score_py, log, name)
        if cv:
            res["corpus_cv"] = corpus_cv(shared, work, score_py, log)
    return res
