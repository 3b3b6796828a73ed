"""A small real database for the surface tests, built from a Hansard fixture with lxml.

Statements are real interventions of House of Commons sitting 43-1-44 (22 July 2020) with
their ParaText ids; a stance is assigned by a plain keyword rule *for the fixture only* (the
real stance comes from nlp/stance.py). One news document is synthetic (``synthetic=1``): it
quotes the same MP's House words, so "House vs. press" has both sides. Figures are numbers
read from the statement text with a regular expression.
"""
from __future__ import annotations

import hashlib
import json
import re

from lxml import etree

from crawlers.safe_xml import make_parser
from store.figure_checks import check_figures

SITTING_URL = "https://www.ourcommons.ca/Content/House/431/Debates/044/HAN044-E.XML"
DOC_ID = "hoc-43-1-044-en"
NEWS_ID = "news-fixture0000000001"
NEWS_URL = "https://news.example.org/2020/07/23/stca-ruling"

_AFFIL = re.compile(r"^(?P<hon>Mr\.|Mrs\.|Ms\.|Hon\.|Miss)?\s*(?P<name>[^(]+?)\s*"
                    r"(?:\((?P<riding>[^,]+),\s*(?P<party>[^)]+)\))?$")
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


def parse_interventions(xml_path, limit: int = 60) -> list[dict]:
    """Interventions with a named speaker, in document order (text = joined ParaText)."""
    root = etree.parse(str(xml_path), make_parser())
    out = []
    for seq, node in enumerate(root.iter("Intervention")):
        affil = node.find("PersonSpeaking/Affiliation")
        paras = node.findall("Content/ParaText")
        if affil is None or not paras:
            continue
        label = " ".join("".join(affil.itertext()).split())
        match = _AFFIL.match(label)
        if not match or label.startswith("The "):
            continue
        text = " ".join(" ".join("".join(p.itertext()).split()) for p in paras)
        out.append({"seq": seq, "name": match["name"].strip(), "honorific": match["hon"],
                    "riding": match["riding"], "party": match["party"],
                    "dbid": affil.get("DbId"), "type": node.get("Type"),
                    "paragraph_ids": [p.get("id") for p in paras if p.get("id")], "text": text})
    # Keep the STCA exchange plus the first interventions so the set stays small.
    stca = [i for i in out if "safe third country" in i["text"].lower() or _NUMBER.search(i["text"])]
    keep = {id(i) for i in out[:limit]} | {id(i) for i in stca}
    return [i for i in out if id(i) in keep]


def _speaker_id(name: str) -> str:
    return "sp-" + hashlib.sha1(name.lower().encode()).hexdigest()[:10]


def build(db, xml_path) -> dict:
    """Fill ``db`` (an open_db database); return the interesting ids for assertions."""
    items = parse_interventions(xml_path)
    db["documents"].upsert({
        "id": DOC_ID, "kind": "hansard", "url": SITTING_URL, "title": "House of Commons Debates No. 044",
        "language": "en", "date": "2020-07-22", "chamber": "House of Commons", "parliament": 43, "session": 1,
        "sitting": 44, "synthetic": 0, "text": "\n".join(i["text"] for i in items),
    }, pk="id")
    party_of: dict[str, str] = {}
    for item in items:
        if item["party"]:
            party_of[item["name"]] = item["party"]
    statements, figures = [], []
    for item in items:
        sid = _speaker_id(item["name"])
        db["speakers"].upsert({"id": sid, "name": item["name"], "name_key": item["name"].lower(),
                               "honorific": item["honorific"], "kind": "person",
                               "party": party_of.get(item["name"]), "riding": item["riding"],
                               "first_seen": "2020-07-22", "last_seen": "2020-07-22"}, pk="id")
        stid = f"{DOC_ID}/{item['seq']:04d}"
        statements.append({
            "id": stid, "document_id": DOC_ID, "seq": item["seq"], "kind": "speech",
            "speaker_id": sid, "speaker_name": item["name"],
            "speaker_party": party_of.get(item["name"]), "speaker_riding": item["riding"],
            "dbid": item["dbid"], "honorific": item["honorific"],
            "intervention_type": item["type"], "paragraph_ids": json.dumps(item["paragraph_ids"]),
            "url": f"{SITTING_URL}#{item['paragraph_ids'][0]}", "date": "2020-07-22",
            "text": item["text"], "language": "en", "stance": _stance(item["text"]),
            "stance_score": 0.9 if _stance(item["text"]) != "none" else 0.6, "source": "hansard",
        })
        for n, m in enumerate(_NUMBER.finditer(item["text"])):
            figures.append({
                "id": f"{DOC_ID}/f{len(figures):03d}", "document_id": DOC_ID, "statement_id": stid,
                "value": float(m[1].replace(",", "")), "unit": m[2], "measure": m[2],
                "period": "2020", "speaker": item["name"], "speaker_id": sid,
                "text": item["text"][max(0, m.start() - 80):m.end() + 40], "start": m.start(),
                "end": m.end(), "url": statements[-1]["url"], "date": "2020-07-22",
            })
    db["statements"].upsert_all(statements, pk="id")
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
    return {"statements": len(statements) + 1, "stca_speaker": mp["speaker_name"],
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
