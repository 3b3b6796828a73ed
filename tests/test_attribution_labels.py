"""The attribution training labels: the corpus labels (references into ../shared) and the labels on
gathered public texts (nlp/data/attribution_labels_gathered.jsonl, which carry their text) read into
training documents; a changed text is an error naming the row."""
import hashlib
import json
import subprocess
import sys

import pytest

from nlp.attribution_data import read_corpus_labels
from nlp.attribution_train import GATHERED_LABEL_FILE, GATHERED_LABEL_FILES, LABEL_FILES
from tests.conftest import EVAL

GATHERED = GATHERED_LABEL_FILE


def _row(text, **kw):
    start = text.index("“") + 1
    end = text.index("”")
    src = text.index("Jane Doe")
    cue = text.index("said")
    return {"id": "g-a-test", "collection": "gathered", "url": "https://example.org/release",
            "genre": "press_release", "language": "en",
            "text_sha1": hashlib.sha1(text.encode()).hexdigest(), "text": text,
            "statements": [{"speaker": "Jane Doe", "kind": "quote", "start": start, "end": end,
                            "source": [src, src + 8], "cue": [cue, cue + 4], "optional": False}], **kw}


def test_a_gathered_row_is_read_from_its_own_text(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "en-x", "text": "Other text.", "url": "https://example.org/x"}) + "\n")
    text = "OTTAWA — “The agreement must be suspended,” Jane Doe said on Monday."
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps(_row(text)) + "\n")
    (doc,) = read_corpus_labels([labels, tmp_path / "absent.jsonl"], corpus)
    assert doc["id"] == "g-a-test" and doc["url"] == "https://example.org/release"
    (att,) = doc["attributions"]
    a, b = att["content"][0]
    assert text[a:b] == "The agreement must be suspended,"
    assert text[slice(*att["source"][0])] == "Jane Doe" and text[slice(*att["cue"][0])] == "said"


def test_a_gathered_row_whose_text_changed_is_an_error_naming_it(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("")
    row = _row("“We will appeal,” Jane Doe said.")
    row["text"] = row["text"].replace("appeal", "apply it")
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps(row) + "\n")
    with pytest.raises(ValueError, match=r"labels.jsonl:1: the text of 'g-a-test' changed"):
        list(read_corpus_labels([labels], corpus))


@pytest.mark.parametrize("name", sorted(GATHERED_LABEL_FILES))
def test_gathered_attribution_labels_are_valid_and_pass_provenance(name):
    """Every gathered row of each set names its URL, its text is the one labelled, its spans lie
    inside it and the content of each statement is the labelled one; none is a hidden evaluation
    text or a news text, and no text is in two sets."""
    path = GATHERED_LABEL_FILES[name]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    others = {json.loads(line)["url"] for n, p in GATHERED_LABEL_FILES.items() if n != name
              for line in p.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert not others & {r["url"] for r in rows}
    assert len(rows) >= 3  # set E: 3 texts committed, its 7 news texts kept outside the repository
    assert len({r["id"] for r in rows}) == len(rows) and len({r["url"] for r in rows}) == len(rows)
    for r in rows:
        assert r["collection"] == "gathered" and r["url"].startswith("http") and r["id"].startswith("g-a-")
        assert r["source_kind"] != "news", r["id"]  # news texts are their publishers': never stored here
        assert hashlib.sha1(r["text"].encode()).hexdigest() == r["text_sha1"], r["id"]
        assert r["statements"], r["id"]
        for st in r["statements"]:
            assert 0 <= st["start"] < st["end"] <= len(r["text"]), r["id"]
            if st.get("quote_sha1"):
                got = hashlib.sha1(r["text"][st["start"]:st["end"]].encode()).hexdigest()
                assert got.startswith(st["quote_sha1"]), (r["id"], st["start"])
            for span in (st.get("source"), st.get("cue")):
                if span:
                    assert 0 <= span[0] < span[1] <= len(r["text"]), r["id"]
    if not (EVAL / "check_provenance.py").exists():
        pytest.skip(f"{EVAL / 'check_provenance.py'} not found (../shared absent)")
    out = subprocess.run([sys.executable, str(EVAL / "check_provenance.py"), str(path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_gathered_labels_are_an_evaluation_set_not_training_data():
    """The gathered labels are read by the bench as score.py gold (their statements' quotes are the
    labelled spans) and are not among the training label files."""
    from bench.attribution_quality import gathered_gold

    for path in GATHERED_LABEL_FILES.values():
        assert path not in LABEL_FILES
        gold = gathered_gold(path)
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert [d["id"] for d in gold] == [r["id"] for r in rows]
        for d, r in zip(gold, rows):
            assert [s["quote"] for s in d["statements"]] == [r["text"][s["start"]:s["end"]] for s in r["statements"]]
