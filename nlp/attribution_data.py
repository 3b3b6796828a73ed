"""Training data for the attribution tagger: PolNeAR brat files and the project's corpus labels,
both read into one shape and aligned to spaCy tokens as BIO tags.

A document is ``{"id", "url", "text", "attributions": [{"source": [(a, b), ...],
"cue": [(a, b), ...], "content": [(a, b), ...]}]}`` (character offsets; a role may have several
fragments or none). Pure functions: no model is loaded here.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable, Iterator

ROLES = ("source", "cue", "content")
TAG_OF = {"source": "SRC", "cue": "CUE", "content": "CON"}
LABELS = ["O"] + [f"{p}-{t}" for t in TAG_OF.values() for p in "BI"]
POLNEAR_URL = "https://github.com/networkdynamics/PolNeAR#{split}/{stem}"


def _spans(field: str) -> list[tuple[int, int]]:
    return [tuple(map(int, part.split())) for part in field.split(";")]


def read_brat(ann_text: str, text: str) -> list[dict]:
    """Attributions of one brat .ann file (PolNeAR: ``E`` lines link Source/Cue/Content)."""
    spans, out = {}, []
    for line in ann_text.splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2 or " " not in parts[1]:
                continue  # a few PolNeAR files hold a span line with no offsets
            kind, loc = parts[1].split(" ", 1)
            try:
                frags = [(a, b) for a, b in _spans(loc) if 0 <= a < b <= len(text)]
            except ValueError:
                continue
            spans[parts[0]] = (kind.lower(), frags)
        elif line.startswith("E") and "\t" in line:
            args = dict(x.split(":", 1) for x in line.split("\t")[1].split() if ":" in x)
            att = {role: [] for role in ROLES}
            for key, tid in args.items():
                role = key.lower()
                if role in ROLES and tid in spans:
                    att[role] = spans[tid][1]
            if att["content"] or att["cue"]:
                out.append(att)
    return out


def read_polnear(split_dir: Path, split: str = "train", limit: int | None = None) -> Iterator[dict]:
    """One document per article (the first annotator's file when an article has two)."""
    split_dir = Path(split_dir)
    seen = set()
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        txt = split_dir / "text" / f"{stem}.txt"
        if not txt.exists() or stem in seen:
            continue
        seen.add(stem)
        text = txt.read_text(encoding="utf-8")
        yield {"id": f"polnear-{split}/{stem}", "url": POLNEAR_URL.format(split=split, stem=stem),
               "text": text, "attributions": read_brat(ann.read_text(encoding="utf-8"), text)}
        if limit and len(seen) >= limit:
            return


def read_corpus_labels(label_paths: Iterable[Path], corpus_path: Path) -> Iterator[dict]:
    """The project's labels on ../shared/fixtures/corpus (references only: id + offsets + URL),
    joined with the texts, and labels on gathered public texts (``"collection": "gathered"``), which
    carry their ``text``; a text whose hash changed is an error naming the document."""
    texts = {}
    for line in Path(corpus_path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            texts[d["id"]] = d
    for path in label_paths:
        path = Path(path)
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            lab = json.loads(line)
            # a gathered public text (nlp/data/attribution_labels_gathered.jsonl) carries its own text
            doc = lab if lab.get("collection") == "gathered" else texts.get(lab["id"])
            if doc is None:
                raise ValueError(f"{path}:{n}: corpus text {lab['id']!r} not found in {corpus_path}")
            text = doc["text"]
            if lab.get("text_sha1") and hashlib.sha1(text.encode()).hexdigest() != lab["text_sha1"]:
                raise ValueError(f"{path}:{n}: the text of {lab['id']!r} changed since it was labelled")
            atts = []
            for st in lab.get("statements", []):
                if st.get("speaker") is None and st.get("optional"):
                    continue
                atts.append({"source": [tuple(st["source"])] if st.get("source") else [],
                             "cue": [tuple(st["cue"])] if st.get("cue") else [],
                             "content": [(st["start"], st["end"])], "kind": st.get("kind"),
                             "optional": bool(st.get("optional"))})
            yield {"id": lab["id"], "url": lab.get("url") or doc.get("url"), "text": text,
                   "genre": lab.get("genre") or doc.get("genre"), "language": lab.get("language") or doc.get("language"),
                   "attributions": atts}


def token_tags(doc, attributions: list[dict]) -> list[str]:
    """BIO tags for the tokens of a spaCy Doc: a token takes the role of the span it overlaps
    (cue over source over content where spans overlap); B- starts each fragment."""
    tags = ["O"] * len(doc)
    starts = [t.idx for t in doc]
    import bisect

    priority = {"CUE": 3, "SRC": 2, "CON": 1, "O": 0}
    for att in attributions:
        for role in ("content", "source", "cue"):
            tag = TAG_OF[role]
            for a, b in att.get(role) or []:
                i = max(0, bisect.bisect_right(starts, a) - 1)
                first = True
                while i < len(doc) and doc[i].idx < b:
                    tok = doc[i]
                    if tok.idx + len(tok) > a and not tok.is_space:
                        cur = tags[i][2:] if tags[i] != "O" else "O"
                        if priority[tag] >= priority[cur]:
                            tags[i] = ("B-" if first else "I-") + tag
                        first = False
                    i += 1
    return tags


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def data_hash(docs: Iterable[dict]) -> str:
    """sha1 over (id, text hash, attributions) of every document, in order: the training data's
    fingerprint recorded in the model card."""
    h = hashlib.sha1()
    for d in docs:
        h.update(d["id"].encode())
        h.update(text_sha1(d["text"]).encode())
        h.update(json.dumps(d["attributions"], sort_keys=True, default=list).encode())
    return h.hexdigest()
