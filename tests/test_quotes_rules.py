"""Attribution rules of stca_quotes on short sentences written for these tests (real model)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    from nlp.model import load_nlp

    return load_nlp(("stca_quotes",))


def run(nlp, text):
    doc = nlp.make_doc(text)
    doc._.meta = {"id": "t", "text": text}
    return nlp(doc)._.statements


def by_text(statements, fragment):
    return [s for s in statements if fragment in s["text"]]


def test_parenthetical_cue_takes_the_interrupted_clause(nlp):
    sts = run(nlp, "The new rules, Maria Lopez said, will slow every border crossing down.")
    hit = by_text(sts, "will slow every border crossing")
    assert hit and hit[0]["speaker"] == "Maria Lopez"
    # offsets are one range, so the inserted cue stays inside; both halves of the clause are kept
    assert hit[0]["text"].startswith("The new rules") and hit[0]["text"].endswith("crossing down")


def test_unquoted_lead_joins_the_quotation(nlp):
    sts = run(nlp, "Closing the border “would be a costly mistake,” Mayor Tom Aldridge said on Monday.")
    assert len(sts) == 1 and sts[0]["speaker"] == "Tom Aldridge"
    assert sts[0]["text"].startswith("Closing the border") and sts[0]["kind"] == "mixed"


def test_according_to_ends_the_content(nlp):
    sts = run(nlp, "The agency processed 4,000 claims in March, according to federal officials. "
                   "The weather was mild.")
    assert len(sts) == 1 and sts[0]["speaker"] == "federal officials"
    assert "4,000 claims" in sts[0]["text"] and "according" not in sts[0]["text"]
    assert "weather" not in sts[0]["text"]


def test_quote_ending_a_sentence_is_not_the_next_cues(nlp):
    text = ('Ottawa called the plan "a dead end for everyone." '
            'Acme Corporation said the proposal would "cut costs for every family."')
    sts = run(nlp, text)
    acme = [s for s in sts if s["speaker"] and "Acme" in s["speaker"]]
    assert acme and all("dead end" not in s["text"] for s in acme)
    assert any("cut costs" in s["text"] for s in acme)


def test_quoted_title_in_a_modifier_is_not_the_quote(nlp):
    sts = run(nlp, 'In an interview on "Morning Report," Maria Lopez said '
                   'the border plan needs more money.')
    assert sts and sts[0]["speaker"] == "Maria Lopez"
    assert "Morning Report" not in sts[0]["text"] and "needs more money" in sts[0]["text"]


def test_intention_verbs_take_their_to_clause(nlp):
    sts = run(nlp, "Maria Lopez wants to double the number of border officers by 2020.")
    hit = by_text(sts, "to double the number")
    assert hit and hit[0]["speaker"] == "Maria Lopez"
    # a bare object is no statement; an anonymous subject neither
    assert run(nlp, "Maria Lopez wants a new car.") == []


def test_colon_at_paragraph_end_introduces_the_next_paragraph(nlp):
    text = ("The mayor spoke after the vote.\n\nMaria Lopez added:\n\n"
            "We will keep the shelters open all winter and we will ask Ottawa to pay for it.\n\n"
            "The council adjourned.")
    sts = run(nlp, text)
    hit = by_text(sts, "keep the shelters open")
    assert hit and hit[0]["speaker"] == "Maria Lopez" and hit[0]["kind"] == "direct"
    assert "adjourned" not in hit[0]["text"] and text[hit[0]["start"]:hit[0]["end"]] == hit[0]["text"]


def test_laws_and_agreements_are_not_speakers(nlp):
    sts = run(nlp, "The Safe Third Country Agreement says refugees must claim asylum in the first "
                   "safe country they reach.")
    assert not [s for s in sts if "Agreement" in (s["speaker"] or "")]
    # "claim asylum" is not a claim that something is true
    assert not [s for s in sts if s.get("cue") == "claim"]
    sts = run(nlp, "Maria Lopez claimed that the agreement was never enforced at the border.")
    assert sts and sts[0]["speaker"] == "Maria Lopez" and "never enforced" in sts[0]["text"]


def test_impersonal_it_is_not_a_speaker(nlp):
    sts = run(nlp, "It was premature to speculate on whether the crew needed more training, "
                   "Mr. Lopez said.")
    assert [s["speaker"] for s in sts] == ["Lopez"]


def test_single_curly_quotes_outside_double_quotes():
    from nlp.quote_spans import find_quote_spans

    text = ("Mayor Calls the Plan ‘A Costly Mistake’ as the voters’ anger grows.\n\n"
            "He said “we don’t ‘know’ that yet,” and left.")
    found = [text[q.start:q.end] for q in find_quote_spans(text)]
    assert found == ["A Costly Mistake", "we don’t ‘know’ that yet,"]


def test_single_curly_quote_attributed(nlp):
    sts = run(nlp, "‘We are not closing the border,’ Maria Lopez said on Tuesday.")
    assert len(sts) == 1 and sts[0]["speaker"] == "Maria Lopez" and sts[0]["kind"] == "direct"
    assert sts[0]["text"].startswith("We are not closing")


def test_coordinated_infinitives_and_colon_lists_stay_in_the_content(nlp):
    sts = run(nlp, "Maria Lopez wants to hire more judges, open two offices and cut the backlog.")
    hit = by_text(sts, "to hire more judges")
    assert hit and hit[0]["text"].endswith("cut the backlog")
    sts = run(nlp, "Ms. Lopez notes that three things are happening at once: prices are rising, "
                   "rates are low and wages are flat. The rest is noise.")
    hit = by_text(sts, "three things")
    assert hit and hit[0]["text"].endswith("wages are flat") and "noise" not in hit[0]["text"]


def test_a_person_called_is_an_addressee_not_content(nlp):
    assert run(nlp, "Maria Lopez called Tom Aldridge on Friday.") == []
    sts = run(nlp, "Maria Lopez called for a review of the agreement.")
    assert sts and "review of the agreement" in sts[0]["text"]


def test_subject_parsed_as_object_stays_in_the_content(nlp):
    sts = run(nlp, "For instance, Mr. Lopez said many of those crossing into Quebec earlier this "
                   "year were Nigerians carrying valid visas.")
    hit = by_text(sts, "Nigerians")
    assert hit and hit[0]["text"].startswith("many of those crossing")


def test_about_phrase_is_the_topic_a_duration_is_not(nlp):
    sts = run(nlp, "Maria Lopez spoke about the need for reform at the border.")
    assert sts and sts[0]["speaker"] == "Maria Lopez" and "need for reform" in sts[0]["text"]
    assert run(nlp, "The two women spoke for about five minutes.") == []


def test_nominal_cue_with_possessor(nlp):
    sts = run(nlp, "Maria Lopez's promise to hire more judges was broken.")
    assert sts and sts[0]["speaker"] == "Maria Lopez" and sts[0]["text"] == "to hire more judges"
    # no possessor, no source
    assert run(nlp, "The promise to hire more judges was broken.") == []


def test_cue_closing_a_compound_sentence_takes_all_of_it(nlp):
    sts = run(nlp, "The van was supposed to be escorted by police, but the agents drove away before "
                   "officers could follow, another source said.")
    assert len(sts) == 1 and sts[0]["speaker"] == "another source"
    assert sts[0]["text"].startswith("The van was supposed") and "another source" not in sts[0]["text"]


def test_transcript_labels_inside_an_article(nlp):
    text = ("Maria Lopez spoke to host Tom Aldridge on Sunday.\n\n"
            "ALDRIDGE: Will the border stay open this winter?\n\n"
            "LOPEZ: It will stay open, and we will hire more officers for it.\n\n"
            "The interview ran for ten minutes.")
    sts = run(nlp, text)
    lopez = by_text(sts, "hire more officers")
    assert lopez and lopez[0]["speaker"] == "Maria Lopez" and lopez[0]["text"].startswith("It will")
    assert by_text(sts, "stay open this winter")[0]["speaker"] == "Tom Aldridge"
    # a single capitalised label is no transcript
    assert run(nlp, "Maria Lopez spoke.\n\nUPDATE: The border will stay open all winter.") == []


def test_a_line_with_a_person_label_speaks_but_not_in_the_headline(nlp):
    """'Name: ...' lines speak their line (PolNeAR's 'Pat Caddell: ...'); the document's headline
    holds no statement (guideline rule 3, since 7 Dec 2026)."""
    sts = run(nlp, "Winter at the border\n\nThe minister spoke on Sunday.\n\nMaria Lopez: Border Will Stay Open All Winter\n")
    assert sts and sts[-1]["speaker"] == "Maria Lopez" and sts[-1]["text"].startswith("Border Will")
    assert run(nlp, "Maria Lopez: Border Will Stay Open All Winter\n\nThe minister spoke on Sunday.") == []


def test_a_wire_dateline_is_not_the_speaker(nlp):
    text = ("TORONTO — The Immigration and Refugee Board says its backlog of claims has grown.\n\n"
            "MONTREAL (CP) — Quebec Premier Maria Lopez says the crossing must close.")
    sts = run(nlp, text)
    assert by_text(sts, "backlog of claims")[0]["speaker"] == "Immigration and Refugee Board"
    lopez = by_text(sts, "crossing must close")[0]
    assert lopez["speaker"] == "Maria Lopez" and lopez["speaker_role"] == "Quebec Premier"


def test_the_board_is_the_organisation_named_before(nlp):
    text = ("The Immigration and Refugee Board published its quarterly report on Monday.\n\n"
            "Most new claims are now made at airports, the board said.\n\n"
            "The department said it would not comment.")
    sts = run(nlp, text)
    assert by_text(sts, "made at airports")[0]["speaker"] == "Immigration and Refugee Board"
    # no organisation of the document has that head noun: the description stays as written
    assert by_text(sts, "would not comment")[0]["speaker"] == "The department"


def test_a_cue_inside_reported_content_belongs_to_the_outer_speaker(nlp):
    sts = run(nlp, "Maria Lopez said officials told her that the crossing would close in May.")
    assert len(sts) == 1 and sts[0]["speaker"] == "Maria Lopez"
    assert sts[0]["text"].startswith("officials told her")


def test_a_quote_opening_with_an_adverb_is_still_attached(nlp):
    # the parser hangs "Now that ..." on the cue as a modifier; it is the quotation, not a title
    sts = run(nlp, "“Now that I have retired,” Maria Lopez told reporters, “I can say the rules were a mistake.”")
    assert len(sts) == 1 and sts[0]["kind"] == "direct" and sts[0]["speaker"] == "Maria Lopez"
    assert sts[0]["text"].startswith("Now that I have retired") and sts[0]["text"].endswith("a mistake.")


@given(st.text(alphabet=" \n.,abcXY‘’“”\"'«»", max_size=80))
@settings(max_examples=300, deadline=None)
def test_quote_spans_are_ordered_disjoint_and_inside_the_text(text):
    from nlp.quote_spans import find_quote_spans

    spans = find_quote_spans(text)
    for q in spans:
        assert 0 <= q.open < q.start <= q.end <= len(text)
    for a, b in zip(spans, spans[1:]):
        assert a.close < b.open


def test_a_long_role_before_the_name_ends_in_the_speaker(nlp):
    """ "said Canadian immigration lawyer and director of ... clinic Alex Vernon" (news set L, kept
    outside; read since session 18): the person closing the subject phrase speaks, the words
    before are the role; "a spokesman for Minister X" stays the spokesman."""
    sts = run(nlp, "“The safety valves leave refugees fighting in arcane legal battles,” said Canadian "
                   "immigration lawyer and director of the Windsor Law School’s immigration clinic Maria Lopez.")
    assert [s["speaker"] for s in sts] == ["Maria Lopez"]
    assert sts[0]["speaker_role"].startswith("Canadian immigration lawyer")
    sts = run(nlp, "A spokesman for Public Safety Minister Ralph Goodale noted the number of claimants fluctuates over time.")
    assert [s["speaker"] for s in sts] != ["Ralph Goodale"]


def test_a_quotation_over_paragraphs_is_one_statement_per_paragraph(nlp):
    """A quotation whose paragraph ends open and whose next paragraph re-opens with a quotation mark
    (the newspaper convention; CityNews in news set L, read since session 18) is one statement per
    paragraph, both the speaker's (docs/attribution_guideline.md rule 4)."""
    text = ("“The job of protecting our borders belongs to us,” Poilievre told reporters in Ottawa. "
            "“And under his leadership, the number of illegal border crossings has gone up tenfold.\n"
            "“We as a country can close that border crossing. If we are a real country, we have borders.”\n"
            "Poilievre did not say how.")
    sts = run(nlp, text)
    assert [(s["speaker"], s["text"][:12]) for s in sts] == [
        ("Poilievre", "The job of p"), ("Poilievre", "And under hi"), ("Poilievre", "We as a coun")]
    assert sts[2]["text"].endswith("we have borders.") and sts[2]["paragraph"] == sts[1]["paragraph"] + 1


def test_a_cue_takes_its_subject_from_its_own_paragraph(nlp):
    # the parser runs a contact line without a full stop into the next paragraph and makes its
    # name the cue's subject; the speaker is the organisation after the blank line
    text = ("Media contact: John Doe, Communications Director\n\n"
            "The Canadian Council for Refugees said the agreement must be suspended.")
    assert [s["speaker"] for s in run(nlp, text)] == ["Canadian Council for Refugees"]


@pytest.mark.parametrize("text", [
    # sets G and N (read): an admission denied and people welcomed are no speech acts
    "Under the Safe Third Country Agreement, refugees who present themselves at a Canada-US border post seeking "
    "to make a refugee claim in Canada are, with limited exceptions, denied access to the Canadian refugee system "
    "and immediately returned to the United States.",
    "The Canada Border Services Agency refused entry to the family at the Lacolle crossing.",
    "Over the past year, United Church congregations have welcomed thousands of refugees into their communities.",
])
def test_admission_and_people_as_objects_are_no_statement(nlp, text):
    assert run(nlp, text) == []


def test_a_stance_verbs_position_object_still_counts(nlp):
    sts = run(nlp, "Amnesty International welcomed the Federal Court's decision on the agreement.")
    assert [s["speaker"] for s in sts] == ["Amnesty International"]


def test_a_subject_phrase_is_not_cut_inside_the_organisation_it_names(nlp):
    """"The executive director of Lawyers’ Rights Watch Canada said ...": the parser makes
    "Canada" a second subject after the possessive mark, and the speaker was cut to "The executive
    director of Lawyers'". The subject phrase runs to the end of the entity it opens."""
    sts = run(nlp, "The executive director of Lawyers’ Rights Watch Canada said the United States is not safe for refugees.")
    hit = by_text(sts, "the United States is not safe")
    assert hit and hit[0]["speaker"].endswith("Lawyers’ Rights Watch Canada")
