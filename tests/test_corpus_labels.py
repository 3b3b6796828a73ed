"""The corpus labels (nlp/data/corpus_labels_*.jsonl) fit ../shared's texts and make valid gold."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.corpus_gold import (DEFAULT_LABELS, KINDS, STANCES, LabelError, check_label,
                               gold_documents, input_records, load_corpus, load_labels, read_jsonl)
from tests.conftest import EVAL, PY_ENV, ROOT, SHARED, need, strings

CORPUS_FILE = SHARED / "fixtures" / "corpus" / "stca_texts.jsonl"
STATEMENT_KEYS = {"speaker", "speaker_role", "speaker_party", "kind", "start", "end", "quote_sha1",
                  "source", "cue", "stance", "optional"}
MAX_COPY = 40  # longest run of corpus text a label string may contain


@pytest.fixture(params=[p.name for p in DEFAULT_LABELS])
def label_file(request):
    path = ROOT / "nlp" / "data" / request.param
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    return path


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(need(SHARED))


def test_labels_fit_the_corpus(label_file, corpus):
    labels = read_jsonl(label_file)
    ids = [lab["id"] for lab in labels]
    assert len(ids) == len(set(ids)), "a document is labelled twice"
    order = list(corpus)
    assert [order.index(i) for i in ids] == sorted(order.index(i) for i in ids), "not in corpus order"
    for lab in labels:
        record = corpus[lab["id"]]
        text = record["text"]
        assert (lab["url"], lab["genre"], lab["language"]) == (record["url"], record["genre"], record["language"])
        check_label(lab, text)  # text_sha1, offsets, quote_sha1, kinds, stances, source/cue ranges
        spoken = []
        for i, st in enumerate(lab["statements"]):
            where = f"{lab['id']} statement {i}"
            assert set(st) == STATEMENT_KEYS, where
            assert st["kind"] in KINDS and st["stance"] in STANCES, where
            assert st["speaker"] or st["optional"], f"{where}: no speaker and not optional"
            content = text[st["start"]:st["end"]]
            assert content == content.strip() and content.strip("«»“”\" "), f"{where}: untrimmed content"
            for key in ("source", "cue"):
                if st[key] is not None:
                    s, e = st[key]
                    assert 0 <= s < e <= len(text), f"{where}: {key}"
            if st["speaker"] and st["speaker"] not in spoken:
                spoken.append(st["speaker"])
        firm = sorted((st["start"], st["end"], i) for i, st in enumerate(lab["statements"]) if not st["optional"])
        for (s1, e1, i1), (s2, e2, i2) in zip(firm, firm[1:]):
            nested = s1 <= s2 and e2 <= e1  # a report inside a turn or release paragraph is its own statement
            assert e1 <= s2 or nested, f"{lab['id']}: statements {i1} and {i2} overlap"
        stance_speakers = [s["speaker"] for s in lab["stances"]]
        assert sorted(stance_speakers) == sorted(spoken), f"{lab['id']}: one stance per speaker"
        for s in lab["stances"]:  # a document position is one the speaker takes in a statement
            own = {st["stance"] for st in lab["statements"] if st["speaker"] == s["speaker"]}
            assert s["stance"] == "none" or s["stance"] in own, f"{lab['id']}: {s}"


def test_labels_copy_no_text(label_file, corpus):
    texts = [r["text"] for r in corpus.values()]
    for n, line in enumerate(label_file.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        for st in row.get("statements", []):  # official titles ("Minister of ...") are names, not prose
            st.pop("speaker_role", None)
        for value in strings(row):
            for i in range(len(value) - MAX_COPY):
                window = value[i:i + MAX_COPY + 1]
                assert not any(window in t for t in texts), f"line {n} copies corpus text: {window!r}"


def test_labels_provenance(label_file):
    script = need(EVAL / "check_provenance.py")
    done = subprocess.run([sys.executable, str(script), str(label_file)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _score(gold_docs, system_docs, tmp_path):
    gold, system = tmp_path / "gold.jsonl", tmp_path / "system.jsonl"
    gold.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold_docs), encoding="utf-8")
    system.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in system_docs), encoding="utf-8")
    done = subprocess.run([sys.executable, str(need(EVAL / "score.py")), str(gold), str(system), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_gold_scores_perfect_and_empty(label_file, tmp_path):
    docs = gold_documents(need(SHARED), load_labels([label_file]))
    assert docs and all("speaker" not in d for d in docs)
    perfect = []
    for d in docs:
        position = {s["speaker"]: s["stance"] for s in d["stances"]}
        perfect.append({"doc_id": d["id"], "figures": [], "statements": [
            {"speaker": g["speaker"], "text": g["quote"], "kind": g["kind"], "stance": g["stance"],
             "stance_score": 1.0 if g["stance"] == position.get(g["speaker"]) else 0.5}
            for g in d["statements"] if g["speaker"]]})
    res = _score(docs, perfect, tmp_path)
    assert res["counts"]["gold_statements"] > 0
    assert res["attribution_f1"] == 1.0 and res["quote_f1"] == 1.0, res
    empty = [{"doc_id": d["id"], "statements": [], "figures": []} for d in docs]
    assert _score(docs, empty, tmp_path)["attribution_f1"] == 0.0


def test_gold_rejects_a_changed_quote(label_file):
    labels = load_labels([label_file])
    lab = json.loads(json.dumps(labels[0]))
    lab["statements"][0]["end"] -= 1
    with pytest.raises(LabelError, match=rf"{lab['id']} statement 0"):
        gold_documents(need(SHARED), [lab])


def test_input_records_carry_no_labels(label_file):
    docs = gold_documents(need(SHARED), load_labels([label_file]))
    for rec, doc in zip(input_records(docs), docs):
        assert set(rec) == {"id", "text", "url", "date", "language"} and rec["text"] == doc["text"]


def test_cli_skips_missing_files_and_filters_ids(label_file, tmp_path):
    need(CORPUS_FILE)
    first = read_jsonl(label_file)[0]["id"]
    ids = tmp_path / "ids.txt"
    ids.write_text(first + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "corpus_gold.py"), "--shared", str(SHARED),
                           "--labels", str(label_file), str(tmp_path / "absent.jsonl"), "--ids-from", str(ids)],
                          capture_output=True, text=True, env=PY_ENV, check=True)
    assert "absent.jsonl not found" in done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [d["id"] for d in lines] == [first]
