"""The broader extraction sets of bench/ (issue 16): the manifest, the reading of trafilatura's
real-world assertions, the halves, the scoring, and the benchmark's message without a cache."""
from __future__ import annotations

import re

from bench.article_quality import snippet_counts, snippet_scores
from bench.extraction_sets import ENV, half, manifest, missing_reason, realworld_expectations

SOURCE = '''
MOCK_PAGES = {
'https://a.example/story': 'a.example.story.html',
'https://b.example/post': 'b.example.post.html',
}

def load_mock_page(url, xml_flag=False):
    pass

def test_extract(xmloutput):
    result = load_mock_page('https://a.example/story', xmloutput)
    assert 'Impressum' not in result and 'The minister said' in result  # and 'commented' in result
    if xmloutput is False:
        assert 'only in text output' in result
    if xmloutput is True:
        assert 'only in XML output' in result
    result = load_mock_page('https://b.example/post', xmloutput)
    assert 'Related posts' not in result
'''


def test_realworld_assertions_are_read_from_the_syntax_tree():
    found = realworld_expectations(SOURCE)
    assert found["a.example.story.html"] == {
        "url": "https://a.example/story", "present": ["The minister said", "only in text output"],
        "absent": ["Impressum"]}
    assert found["b.example.post.html"]["absent"] == ["Related posts"]
    assert not found["b.example.post.html"]["present"]


def test_manifest_names_every_page_exactly_and_both_halves_are_used():
    sets = manifest()["sets"]
    for spec in sets.values():
        assert re.fullmatch(r"[0-9a-f]{64}", spec["sdist_sha256"]) and spec["version"]
        names = [p["name"] for p in spec["pages"]]
        assert len(names) == len(set(names))
        assert all(re.fullmatch(r"[0-9a-f]{64}", p["sha256"]) for p in spec["pages"])
        assert {half(n) for n in names} == {"A", "B"}
    assert sum(len(s["pages"]) for s in sets.values()) >= 30
    assert half("reuters.com.parasite") == half("reuters.com.parasite")


def test_snippets_are_scored_as_trafilatura_evaluates_them():
    text = "The minister said   the agreement\nstands.\n\nRelated posts"
    counts = snippet_counts(text, ["minister said the agreement", "never there"], ["Related posts", "Impressum"])
    assert counts == {"tp": 1, "fn": 1, "fp": 1, "tn": 1}
    scores = snippet_scores([counts, {"tp": 2, "fn": 0, "fp": 0, "tn": 1}])
    assert scores["precision"] == 0.75 and scores["recall"] == 0.75 and scores["f1"] == 0.75
    assert scores["accuracy"] == round(5 / 7, 4)
    assert scores["page_share_right"] == round((0.5 + 1.0) / 2, 4)


def test_without_a_cache_the_broader_sets_are_skipped_with_the_reason(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV, raising=False)
    assert ENV in missing_reason() and "not set" in missing_reason()
    monkeypatch.setenv(ENV, str(tmp_path))
    assert str(tmp_path) in missing_reason() and "python -m bench.extraction_sets" in missing_reason()


def _sdist(folder, files: dict[str, bytes]):
    import io
    import tarfile

    path = folder / "pkg-1.0.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"pkg-1.0/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_gather_checks_every_hash_and_writes_pages_with_their_expectations(tmp_path, monkeypatch):
    import hashlib
    import json

    import pytest

    from bench import extraction_sets

    page = "<html><body><p>The minister said the agreement stands.</p></body></html>".encode()
    sdist = _sdist(tmp_path, {"tests/cache/a.example.story.html": page,
                              "tests/realworld_tests.py": SOURCE.encode()})
    spec = {"kind": "snippets", "package": "pkg", "version": "1.0", "sdist": sdist.name,
            "sdist_sha256": hashlib.sha256(sdist.read_bytes()).hexdigest(), "root": "pkg-1.0",
            "expected": "tests/realworld_tests.py",
            "pages": [{"name": "a.example.story", "file": "a.example.story.html",
                       "url": "https://a.example/story", "html": "tests/cache/a.example.story.html",
                       "sha256": hashlib.sha256(page).hexdigest()}]}
    manifest_file = tmp_path / "manifest.json"
    manifest_file.write_text(json.dumps({"sets": {"tiny": spec}}), encoding="utf-8")
    monkeypatch.setattr(extraction_sets, "MANIFEST", manifest_file)
    cache = tmp_path / "cache"
    assert extraction_sets.gather(cache, tmp_path) == {"tiny": 1}
    (loaded,) = extraction_sets.load(cache)["tiny"]
    assert loaded.present == ["The minister said", "only in text output"] and loaded.absent == ["Impressum"]
    assert "agreement stands" in loaded.html and loaded.half in "AB"

    spec["pages"][0]["sha256"] = "0" * 64  # a page that is not the one the manifest names
    manifest_file.write_text(json.dumps({"sets": {"tiny": spec}}), encoding="utf-8")
    with pytest.raises(RuntimeError, match="sha256 differs"):
        extraction_sets.gather(tmp_path / "cache2", tmp_path)


def test_no_worse_than_precision_mode_on_the_read_half_when_gathered():
    """Issue 16 on real pages (half A, read while building; skipped without the cache): the
    project's body keeps every article snippet trafilatura's precision mode keeps, and lets
    in no unwanted one that it keeps out; reader comments are left out by design."""
    import pytest
    import trafilatura

    from bench.article_quality import comment_snippets, systems
    from bench.extraction_sets import load

    if missing_reason():
        pytest.skip(missing_reason())
    ours = systems()["stcawatch"]
    worse = []
    for page in load()["trafilatura_realworld"]:
        if page.half != "A":
            continue
        body_only = [s for s in page.present if s not in comment_snippets(page)]
        got = snippet_counts(ours(page.html, page.url), body_only, page.absent)
        bare = snippet_counts(trafilatura.extract(page.html, url=page.url, favor_precision=True) or "",
                              body_only, page.absent)
        if got["tp"] + got["tn"] < bare["tp"] + bare["tn"]:
            worse.append((page.name, got, bare))
    assert not worse, worse
