"""nlp/inputs.py: text, HTML and JSONL inputs become extract records; bad input is skipped."""
import json

from nlp.inputs import read_inputs
from tests.conftest import EVAL, NEWS_FIXTURES, SEED, need


def test_text_file_uses_stem_as_id():
    recs = list(read_inputs([str(need(SEED))]))
    assert len(recs) == 1
    assert recs[0]["id"] == SEED.stem
    assert "Ralph Goodale" in recs[0]["text"]


def test_jsonl_keeps_speaker_and_date():
    gold = need(EVAL / "gold_dev.jsonl")
    recs = list(read_inputs([str(gold)]))
    lines = [json.loads(line) for line in gold.read_text().splitlines() if line.strip()]
    assert [r["id"] for r in recs] == [g["id"] for g in lines]
    with_speaker = [r for r in recs if "speaker" in r]
    assert with_speaker and all(r["speaker"] for r in with_speaker)
    assert "statements" not in recs[0]  # gold annotations never leak into the input


def test_html_body_via_trafilatura():
    page = need(NEWS_FIXTURES / "theglobeandmail.com1.html")
    expected = (NEWS_FIXTURES / "theglobeandmail.com1.expected.txt").read_text()
    rec = next(read_inputs([str(page)]))
    first = expected.split("\n")[0][:60]
    assert first in rec["text"]
    assert "<p" not in rec["text"]


def test_bad_lines_and_missing_files_are_skipped(tmp_path, caplog):
    bad = tmp_path / "mixed.jsonl"
    bad.write_text('{"id": "a", "text": "Hello."}\nnot json\n{"id": "b"}\n{"text": "No id."}\n')
    recs = list(read_inputs([str(bad), str(tmp_path / "missing.txt")]))
    assert [r["id"] for r in recs] == ["a", "mixed-4"]
    assert "mixed.jsonl:2" in caplog.text and "missing.txt" in caplog.text
