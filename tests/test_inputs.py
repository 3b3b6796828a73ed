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


def test_html_pages_are_read_like_a_crawl():
    """The crawler's article extractor reads the page: chrome removed, canonical URL, date."""
    page = need(NEWS_FIXTURES / "theglobeandmail.com1.html")
    expected = (NEWS_FIXTURES / "theglobeandmail.com1.expected.txt").read_text()
    rec = next(read_inputs([str(page)]))
    assert rec["id"] == "theglobeandmail.com1"
    assert expected.split("\n")[0][:60] in rec["text"] and "<p" not in rec["text"]
    assert rec["url"] == "http://www.theglobeandmail.com/news/world/airasia-search/article22224253/"
    assert rec["date"] == "2014-12-29"
    video = next(read_inputs([str(need(NEWS_FIXTURES / "globalnews.ca1.html"))]))
    assert "Loading..." not in video["text"]  # the player placeholder a bare trafilatura keeps


def test_html_without_an_article_is_skipped_with_its_name(tmp_path, caplog):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav>Home | News</nav></body></html>")
    assert list(read_inputs([str(page)])) == []
    assert "empty.html" in caplog.text and "no article body" in caplog.text


def test_bad_lines_and_missing_files_are_skipped(tmp_path, caplog):
    bad = tmp_path / "mixed.jsonl"
    bad.write_text('{"id": "a", "text": "Hello."}\nnot json\n{"id": "b"}\n{"text": "No id."}\n')
    recs = list(read_inputs([str(bad), str(tmp_path / "missing.txt")]))
    assert [r["id"] for r in recs] == ["a", "mixed-4"]
    assert "mixed.jsonl:2" in caplog.text and "missing.txt" in caplog.text


def test_extract_cli_prints_schema_jsonl(tmp_path):
    """`extract --format jsonl` on a text file and stdin JSONL: one SCHEMA object per document."""
    from click.testing import CliRunner

    from pipeline import cli

    seed = need(SEED)
    line = json.dumps({"id": "speech-1", "text": "Mr. Speaker, suspend the agreement.",
                       "speaker": "Jenny Kwan (Vancouver East, NDP)"})
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(seed), "-"],
                                input=line + "\n")
    assert result.exit_code == 0, result.output
    docs = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert [d["doc_id"] for d in docs] == [seed.stem, "speech-1"]
    keys = {"speaker", "speaker_role", "speaker_party", "kind", "text", "start", "end", "stance", "stance_score"}
    assert docs[0]["statements"] and all(keys <= set(s) for s in docs[0]["statements"])
    assert docs[1]["statements"][0]["kind"] == "speech" and docs[1]["statements"][0]["speaker_party"] == "NDP"
    assert "figures" in docs[0]


# ---------------------------------------------------------------- hostile input (issue 20)
def test_deeply_nested_and_lone_surrogate_lines_do_not_stop_the_rest(tmp_path, caplog):
    bad = tmp_path / "hostile.jsonl"
    bad.write_text("\n".join([
        '{"id": "a", "text": "Hello."}',
        "[" * 100_000 + "]" * 100_000,                       # RecursionError in json.loads
        '{"id": "s", "text": "broken \\ud800 surrogate"}',   # valid JSON, not encodable text
        '{"id": "b", "text": "World."}']) + "\n")
    recs = list(read_inputs([str(bad)]))
    assert [r["id"] for r in recs] == ["a", "s", "b"]
    assert recs[1]["text"] == "broken \ufffd surrogate"  # kept, the bad code point replaced
    recs[1]["text"].encode("utf-8")
    assert "hostile.jsonl:2" in caplog.text and "hostile.jsonl:3" in caplog.text


def test_a_text_over_the_nlp_limit_is_skipped_by_name_and_the_others_extracted():
    from nlp.extract import extract_records
    from nlp.model import load_nlp

    nlp = load_nlp(("stca_quotes",))
    good = {"id": "g1", "text": '"Suspend the agreement," said Jenny Kwan.'}
    huge = {"id": "huge", "url": "https://example.test/huge", "text": "word " * (nlp.max_length // 5 + 1)}
    out = list(extract_records([good, huge, dict(good, id="g2")], nlp=nlp))
    assert [o["doc_id"] for o in out] == ["g1", "huge", "g2"]
    assert out[0]["statements"] and out[2]["statements"]
    assert out[1]["statements"] == [] and "over the NLP limit" in out[1]["error"]
    assert "https://example.test/huge" in out[1]["error"]
