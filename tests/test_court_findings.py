"""A court's finding reported inside somebody's quotation is the court's own statement
(nlp/court_findings.py; docs/attribution_guideline.md rules 11 and 13)."""
import pytest

from nlp.court_findings import court_findings
from nlp.quote_spans import paragraph_starts, quote_spans
from tests.conftest import gathered_row


def findings(text, statements=(), court=None):
    return [(s["speaker"], s["text"]) for s in
            court_findings(text, quote_spans(text), list(statements), paragraph_starts(text), court)]


def test_a_finding_inside_a_quotation_is_the_courts_indirect_statement():
    text = ("“For the second time, the Federal Court has found that the Canadian law implementing the "
            "agreement is unconstitutional,” said Jo Roe.\n\n"
            "« En juillet 2020, la Cour fédérale a statué que l’Entente viole la Charte. Nous le savions. »\n")
    assert findings(text) == [
        ("Federal Court", "the Canadian law implementing the agreement is unconstitutional"),
        ("Cour fédérale", "l’Entente viole la Charte")]


def test_the_court_is_the_documents_one_court_and_other_verbs_report_nothing():
    text = "“The court has directed that the agreement be set aside,” she said. “The Federal Court will hear the case.”"
    assert findings(text, court="Federal Court") == [("Federal Court", "the agreement be set aside")]
    assert findings(text) == []  # no court named: "the court" is nobody
    # "the court" is the court last named finding something, not the one hearing the appeal
    text = ("The Federal Court found in July that the law violates the Charter. The Federal Court of Appeal "
            "will hear the government's appeal. “The court has directed that the agreement be set aside,” she said.")
    assert findings(text) == [("Federal Court", "the agreement be set aside")]
    # outside quotation marks the sentence rules read it, not this module
    assert findings("The Supreme Court of Canada ruled that the designation is valid.") == []


def test_a_clause_a_statement_already_holds_is_not_repeated():
    text = "“The Supreme Court of Canada ruled that the designation is valid,” the minister said."
    held = {"speaker": "Supreme Court of Canada", "kind": "indirect", "start": text.index("the designation"),
            "end": text.index(",”")}
    assert findings(text, [held]) == []
    assert findings(text) == [("Supreme Court of Canada", "the designation is valid")]


@pytest.mark.slow
def test_amnestys_release_quotes_the_federal_court_inside_its_spokespersons_words():
    """Set A (read): "For the second time, the Federal Court has found that the Canadian law ... is
    unconstitutional," said Justin Mohammed: the quotation is his, the finding the court's."""
    from nlp.extract import extract_records

    row = gathered_row("A", "amnesty-2020-10-22")
    rec = next(iter(extract_records([{k: row.get(k) for k in ("id", "text", "url", "date", "language")}])))
    court = [s["text"] for s in rec["statements"] if s["speaker"] == "Federal Court"]
    assert any(t.startswith("the Canadian law implementing the Safe Third Country Agreement is unconstitutional") for t in court)
    assert any(t.startswith("the best way to achieve that is for the US-Canada Safe Third Country Agreement") for t in court)
    mohammed = [s for s in rec["statements"] if s["speaker"] == "Justin Mohammed"
                and s["text"].startswith("For the second time, the Federal Court has found")]
    assert mohammed and mohammed[0]["kind"] == "direct"
