"""How well nlp/speaker_clusters.py resolves attribution Sources, on PolNeAR TRAIN only.

For each annotated Source span (brat .ann, one annotator's file per article):
* pronouns (he/she/him/her, they/them, it) and relative pronouns (who/which), and role
  descriptions ("the senator", "a spokeswoman for the campaign"): how often ``resolve`` returns a
  named speaker (a person, or for they/it an organisation or group) instead of the mention itself;
  PolNeAR does not resolve its sources, so this is coverage, plus whether he/she got a person
  with a full name;
* names ("Trump", "Mrs. Clinton", "Eric Trump"): how often the resolved speaker contains the
  source's surname (the name was not replaced by someone else's), and how often a one-word
  name was expanded to a full name.

usage: python bench/speaker_resolution.py [--shared ../shared] [--limit 150] [--json OUT]
Never reads polnear-dev (the evaluation split).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from any folder
    sys.path.insert(0, str(ROOT))
from nlp.paths import shared_dir  # noqa: E402

from nlp import speakers as spk  # noqa: E402
from nlp.speaker_clusters import INDEFINITE, DocumentPeople, is_role_description, knowledge  # noqa: E402


def sources(ann: Path) -> list[tuple[int, int, str]]:
    out = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1].startswith("Source "):
            bits = parts[1].split()
            if len(bits) == 3:  # discontinuous spans ("0 5;9 12") are skipped
                out.append((int(bits[1]), int(bits[2]), parts[2]))
    return out


def articles(train: Path, limit: int | None):
    texts = sorted((train / "text").glob("*.txt"))
    if limit:
        step = max(1, len(texts) // limit)
        texts = texts[::step][:limit]
    for txt in texts:
        anns = sorted((train / "attributions").glob(txt.stem + "_*.ann"))
        if anns:
            yield txt, anns[0]


def kind_of(doc, span, text: str) -> str | None:
    pron = knowledge()["pronouns"]
    low = text.lower().strip()
    if low in pron["male"] | pron["female"]:
        return "he/she"
    if low in pron["plural"]:
        return "they"
    if low in pron["neuter"]:
        return "it"
    if low in ("who", "which", "that"):
        return "who/which"
    if low in pron["first"] | pron["second"]:
        return None
    if any(t.ent_type_ == "PERSON" for t in span) and span.root.ent_type_ == "PERSON":
        return "name"
    if is_role_description(text) and not any(t.ent_type_ in ("PERSON", "ORG") for t in span if t.i == span.root.i):
        return "role"
    return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(shared_dir()))
    ap.add_argument("--limit", type=int, default=150, help="articles, evenly spread (0 = all 840)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    train = Path(args.shared) / "eval" / "polnear-train"
    if not train.exists():
        print(f"no PolNeAR train at {train}")
        return 1
    from nlp.model import load_nlp

    nlp = load_nlp(())
    counts: Counter = Counter()
    examples: dict[str, list] = {}
    t0 = time.time()
    n_docs = 0
    for txt, ann in articles(train, args.limit or None):
        text = txt.read_text(encoding="utf-8")
        doc = nlp(text)
        people = DocumentPeople.from_doc(doc)
        n_docs += 1
        named_before = []  # (char offset, paragraph, surname) of gold Sources that are names
        for a, b, surface in sorted(sources(ann)):
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None or not len(span):
                continue
            kind = kind_of(doc, span, surface)
            if kind is None:
                continue
            para = text.count("\n\n", 0, a)
            if kind == "role":
                first = span[0].lower_
                kind = "role, indefinite/plural" if first in INDEFINITE or span.root.tag_ == "NNS" else "role, definite"
            counts[kind, "all"] += 1
            who = people.resolve(span)
            if who is None:
                counts[kind, "none"] += 1
                continue
            name = who["speaker"] or ""
            if kind == "name":
                ent = [e for e in doc.ents if e.start <= span.root.i < e.end]
                key = spk.name_key(re.sub(r"['’]s$", "", ent[0].text if ent else surface))
                last = key.split()[-1] if key else ""
                ok = bool(last) and last in spk.name_key(name).split()
                counts[kind, "surname kept"] += ok
                if len(key.split()) == 1:
                    counts[kind, "one-word"] += 1
                    counts[kind, "one-word expanded"] += ok and len(spk.name_key(name).split()) >= 2
                if not ok:
                    examples.setdefault(kind, []).append(f"{surface!r} -> {name!r}")
                if key:
                    named_before.append((a, para, key.split()[-1]))
                continue
            named = not who.get("anonymous") and spk.name_key(name) != spk.name_key(surface)
            counts[kind, "named"] += named
            if kind == "he/she" and named:
                counts[kind, "person with full name"] += (not who["org"]) and len(spk.name_key(name).split()) >= 2
            if kind == "he/she":  # agreement proxy: the nearest named gold Source within 2 paragraphs
                near = [x for x in named_before if para - x[1] <= 2]
                if near:
                    counts[kind, "with a named source before"] += 1
                    counts[kind, "agrees with it"] += near[-1][2] in spk.name_key(name).split()
            if not named and len(examples.setdefault(kind, [])) < 8:
                examples[kind].append(f"{surface!r} ({doc[span.start].sent.text[:70]!r})")
    secs = time.time() - t0
    result = {"articles": n_docs, "seconds": round(secs, 1)}
    print(f"PolNeAR train: {n_docs} articles, {secs:.0f} s")
    for kind in ("he/she", "they", "it", "who/which", "role, definite", "role, indefinite/plural", "name"):
        n = counts[kind, "all"]
        if not n:
            continue
        row = {"sources": n}
        if kind == "name":
            row["surname kept"] = round(counts[kind, "surname kept"] / n, 3)
            ow = counts[kind, "one-word"]
            row["one-word names expanded to a full name"] = round(counts[kind, "one-word expanded"] / ow, 3) if ow else None
        else:
            row["resolved to a named speaker"] = round(counts[kind, "named"] / n, 3)
            if kind == "he/she":
                row["to a person with a full name"] = round(counts[kind, "person with full name"] / n, 3)
                near = counts[kind, "with a named source before"]
                row["same person as the nearest preceding named Source (of %d)" % near] = (
                    round(counts[kind, "agrees with it"] / near, 3) if near else None)
        result[kind] = row
        print(f"  {kind:10} " + ", ".join(f"{k} {v}" for k, v in row.items()))
    for kind, xs in examples.items():
        print(f"  unresolved {kind}: " + "; ".join(xs[:6]))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
