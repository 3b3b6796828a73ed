"""A small real database for the surface tests, built with the real loaders.

Statements are the interventions of House of Commons sitting 43-1-44 (22 July 2020), stored by
ingest.publications.import_publication as a crawl stores them (ParaText ids, speaker registry);
a stance is assigned by a plain keyword rule *for the fixture only* (the real stance comes from
nlp/stance.py, whose model the surface tests do not load). One news document is synthetic (``synthetic=1``): it
quotes the same MP's House words, so "House vs. press" has both sides. Figures are numbers
read from the statement text with a regular expression.
"""
from __future__ import annotations

import json
import re

from store.figure_checks import check_figures

SITTING_URL = "https://www.ourcommons.ca/Content/House/431/Debates/044/HAN044-E.XML"
DOC_ID = "hoc-43-1-044-en"
NEWS_ID = "news-fixture0000000001"
NEWS_URL = "https://news.example.org/2020/07/23/stca-ruling"

_NUMBER = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+(people|individuals|students|workers|members|"
                     r"claimants|refugees|per cent|days)\b")


def _stance(text: str) -> str:
    low = text.lower()
    if "safe third country" not in low:
        return "none"
    if any(w in low for w in ("suspend", "scrapping", "no longer a safe", "not appeal")):
        return "suspend"
    if "loophole" in low or "entire border" in low:
        return "extend"
    return "none"


def build(db, xml_path) -> dict:
    """Fill ``db`` (an open_db database) the way a crawl does: the sitting's publication XML
    through ingest.publications.import_publication (source kept, real parser, speaker
    registry); then the fixture's keyword stance and regex figures on its statements, and one
    synthetic news document. Returns the interesting ids for assertions."""
    from ingest.publications import import_publication

    sitting = import_publication(db, xml_path.read_bytes(), SITTING_URL)
    assert sitting is not None and sitting.id == DOC_ID, sitting
    statements = [dict(r) for r in db.query(
        "select s.id, s.text, s.url, s.speaker_id, sp.name as speaker_name, sp.party as speaker_party "
        "from statements s join speakers sp on sp.id = s.speaker_id "
        "where s.document_id = ? and s.kind = 'speech' order by s.seq", [DOC_ID])]
    figures = []
    for st in statements:
        stance = _stance(st["text"])
        db["statements"].update(st["id"], {"stance": stance, "stance_score": 0.9 if stance != "none" else 0.6})
        for m in _NUMBER.finditer(st["text"]):
            figures.append({
                "id": f"{DOC_ID}/f{len(figures):03d}", "document_id": DOC_ID, "statement_id": st["id"],
                "value": float(m[1].replace(",", "")), "unit": m[2], "measure": m[2],
                "period": "2020", "speaker": st["speaker_name"], "speaker_id": st["speaker_id"],
                "text": st["text"][max(0, m.start() - 80):m.end() + 40], "start": m.start(),
                "end": m.end(), "url": st["url"], "date": "2020-07-22",
            })
    stca = [s for s in statements if "safe third country" in s["text"].lower()]
    mp = stca[0]
    # Synthetic press article quoting the same MP a day later, with a different stance wording.
    quote = next(x for x in mp["text"].split(". ") if "safe third country" in x.lower()) + "."
    db["documents"].upsert({
        "id": NEWS_ID, "kind": "news", "url": NEWS_URL, "title": "Court strikes down STCA (fixture)",
        "outlet": "Fixture Gazette", "language": "en", "date": "2020-07-23", "relevant": 1,
        "relevance": 0.93, "synthetic": 1, "text": f'"{quote}" said {mp["speaker_name"]}.',
    }, pk="id")
    db["statements"].upsert({
        "id": f"{NEWS_ID}/q000", "document_id": NEWS_ID, "seq": 0, "kind": "direct",
        "speaker_id": mp["speaker_id"], "speaker_name": mp["speaker_name"],
        "speaker_party": mp["speaker_party"], "paragraph": 0, "url": NEWS_URL,
        "date": "2020-07-23", "text": quote, "stance": "keep", "stance_score": 0.7,
        "source": "news",
    }, pk="id")
    base = figures[0] if figures else None
    if base:  # the press reports the same measure with a value far from the House's: a conflict
        db["figures"].upsert({**base, "id": f"{NEWS_ID}/f000", "document_id": NEWS_ID,
                              "statement_id": None, "value": base["value"] * 1.5,
                              "url": NEWS_URL, "date": "2020-07-23", "paragraph": 0}, pk="id")
    db["figures"].upsert_all(figures, pk="id")
    check_figures(db)  # as `extract` does after every run
    return {"statements": db["statements"].count, "stca_speaker": mp["speaker_name"],
            "stca_party": mp["speaker_party"], "stca_statement": mp["id"],
            "figures": len(figures) + (1 if base else 0)}


SENATE_RECORD = "en-senate-2018-06-19-jaffer-harder"


def add_senate(db, corpus_path) -> dict:
    """A Senate Question Period exchange on the STCA (Jaffer / Harder, 19 June 2018: the
    Debates text as the senator's site reproduces it, from ../shared/fixtures/corpus), laid into
    sencanada.ca's Debates markup (bold labels in div#content-viewer-document), parsed by
    crawlers.senate_html and stored by store.load like a crawled sitting."""
    import html

    from crawlers.senate_html import parse_senate_sitting
    from store.load import content_hash, save_sitting

    record = next(json.loads(line) for line in open(corpus_path, encoding="utf-8")
                  if json.loads(line)["id"] == SENATE_RECORD)
    paras = []
    for line in (p.strip() for p in record["text"].split("\n")):
        label = re.match(r"^((?:Hon\.|Senator) [^:]{2,90}):\s*(.*)$", line)
        if label:
            paras.append(f"<p><b>{html.escape(label[1])}:</b> {html.escape(label[2])}</p>")
        elif line:
            paras.append(f"<p>{html.escape(line)}</p>")
    page = ("<html><head><title>Debates of the Senate, Issue 223</title></head><body>"
            f"<div id='content-viewer-document'>{''.join(paras)}</div></body></html>").encode()
    sitting = parse_senate_sitting(page, record["url"])
    sitting.date = record["date"]
    save_sitting(db, sitting, content_hash(page))
    return {"senate_document": sitting.id,
            "senate_speakers": sorted({s.speaker.name for s in sitting.statements
                                       if s.speaker and s.speaker.name})}
