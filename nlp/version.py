"""The NLP stage's version: what its output depends on, as one short hash.

``documents.extracted_hash`` is ``{content_hash}:{extraction_version()}``, so a document is
extracted again, once, when its text changes *or* when what reads it changes: a retrained model
(its card), a changed lexicon or topic file (``nlp/data/*.yaml``, ``*.txt``), or a bumped
``EXTRACTION_VERSION`` (bump it when a component's logic changes its output). Reading these
files costs milliseconds and imports nothing heavy, so an idle cron run stays cheap.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

EXTRACTION_VERSION = "2026-12-07.12"  # stance: a sentence that fixes suspend by the label definition ("the U.S. is no longer a safe country") overrides none/keep (issue 14, session 23); stance: a court's own finding takes its position (rights violated: suspend; lawful, not violated: keep) (issue 14, session 23); figures: "2024 Q1" quarter and "2024 Total" year-total columns, rows of a table by region are its places (issue 21, set L read, session 23); stance: a speaker the document names as challenging the agreement in court holds suspend in its statements about the agreement or the case (nlp/litigants.py, guideline rule 8; issue 14, session 22); attribution: a release line introducing a list is no statement of its own, access, entry and people taken in or turned away are no speech objects (issue 13, session 21); attribution: French reporting nouns ("la décision de la Cour ... d'annuler"), a French present-participle cue belongs to the name it qualifies, more news-outlet words (issue 13, session 21); attribution: French "de" + infinitive read for every verb of its lexicon section (only the first was), more French cue verbs (exiger, proposer, souhaiter ...), prefixed titles (co-porte-parole), an acronym in parentheses between title and name (issue 13, session 21); attribution: own-voice pages of sites nlp/data/sites.yaml does not list (the owner read from the address and the text), "Our" in a title is no voice, a signed epigraph is its signatory's (issue 13, session 21); attribution: interview layouts: first-name labels resolved to the full name, clips, credited hosts and their openings, rubrics that name no one, named governments reported in a turn, lines a hard wrap cut mid-sentence (issue 13, set O read); attribution: the headline holds no statement (issue 13, set N read); attribution: a committee report's supplementary or dissenting opinion is its author's statement (issue 13, set A read); attribution: a strong lead-in under a teaser of its statement, a report of others inside the issuer's open quotation stays the issuer's, an issuer named after a role with commas (issue 13, set F read); attribution: a court's finding reported inside a quotation is the court's statement (nlp/court_findings.py), nested reports of French courts are kept (issue 13, session 20); attribution: a release run together on one line after its lead-in's colon (a paragraph per opening quotation mark), a second issuer named with no title (issue 13, set N read); sencanada.ca intervention pages with the expand control open ("[ - ]"), with no label at all (answers open with thanks, the answerer the question addresses or the office holder of the date) or with no answer (one speech of the owner) (issue 13, session 20); attribution: a cue's subject comes from its own paragraph, English and French (a heading without a full stop run into the next paragraph), French "statuer" (issue 13, session 19); stance: the United States in every spelling opens the context gate, head retrained (issue 14, session 19); attribution: a quotation over paragraphs is one statement per paragraph, a person closing a long subject phrase, "le ministre Hussen" tagged ORG, no speaker "That" / "our" / "Media Release", French "Pour M. X," / "d'après lui", the encoder reads only cue paragraphs (issue 13, session 18); attribution: an organisation's or a person's own site speaking in its own voice (nlp/data/sites.yaml), "the below statement from X", French incise verbs (s'indigner ...), "le député Brunelle-Duceppe" (issue 13, set H read); attribution: releases whose organisation opens its own page, quotes its staff or issues a Question Period note, National Assembly points de presse, Hansard reposted without party lines, witness labels, unlabelled interviews, reports nested in releases, French appositions and titles (issue 13, sets D, E, F read); figures: plain-text tables (issue 21, set J read); attribution: the tagger adds only what the rules did not read, no headings; sencanada "[ + ]" labels, openparliament party-line labels, statements reposted in the organisation's own voice (issue 13, gathered set A read); figures: fiscal table rows, "from MONTH YEAR to date", "since late YEAR", levels reached (issue 21, set I read); attribution: rules+model decoder, the rules' statements plus what only the tagger found (issue 13); figures: hyphenated lengths and times, list-row labels, "at most", "in the neighbourhood of" (issue 21, set H read); stance: head retrained with 51 real statements from the gathered attribution labels (issue 14); figures: copula levels, rates per day, year ends, fiscal spans, "at least" (issue 21, set G read); stance: head retrained with 13 more gathered rows (issue 14); figures: fiscal-year, year-range, season and past-years periods (issue 21); attribution: a source names every cue of its sentence (issue 13); figures: shared, part and day-range periods, standing counts, fiscal costs (issue 21); attribution: fine-tuned MiniLM role encoder features (issue 13); stance: head retrained with 6 more gathered training rows (issue 14); figures: place nearest the figure, ranges, fiscal years, French decimal millions (issue 21, helper/figures-s10); attribution: model-only attributions need confidence 0.7 (issue 13); stance: committed-only data, context prefix, C=0.3 (issue 14); figures period/place scope (issue 21); attribution (issue 13), unnamed speakers (issue 17)
HERE = Path(__file__).parent


def _inputs() -> list[Path]:
    data = sorted(p for p in (HERE / "data").iterdir() if p.suffix in (".yaml", ".txt"))
    models = sorted((HERE / "models").glob("*/card.json")) + [HERE / "models" / "stance" / "head.json"]
    return data + [p for p in models if p.exists()]


@functools.lru_cache(maxsize=1)
def extraction_version() -> str:
    digest = hashlib.sha1(EXTRACTION_VERSION.encode())
    for path in _inputs():
        digest.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def extracted_hash(content_hash: str | None) -> str:
    return f"{content_hash}:{extraction_version()}"
