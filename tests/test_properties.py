"""Property-based tests (hypothesis): the parsers never crash on arbitrary input."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawlers.hansard_xml import Speaker, parse_label, parse_sitting
from crawlers.safe_xml import XMLError, parse_xml

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

xmlish = st.lists(st.sampled_from([
    b"<", b">", b"/", b"<Hansard>", b"</Hansard>", b"<HansardBody>", b"<ParaText>", b"</ParaText>",
    b"&amp;", b"&eacute;", b"&ent;", b"<!DOCTYPE x [", b"<!ENTITY e 'x'>", b"]>", b"<?xml version='1.0'?>",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"text", b" ", b"\xc3\xa9", b"\xe9", b"<![CDATA[", b"]]>",
    b"<!--", b"-->", b"<ExtractedItem Name=\"Number\">", b"</ExtractedItem>", b"'", b'"', b"=",
]), max_size=40).map(b"".join)


@FAST
@given(st.one_of(st.binary(max_size=2000), xmlish))
def test_parse_xml_raises_only_xmlerror_naming_the_source(data):
    try:
        root = parse_xml(data, "http://example.test/x.XML")
    except XMLError as exc:
        assert "http://example.test/x.XML" in str(exc)
    else:
        assert root is not None and isinstance(root.tag, str)


@FAST
@given(xmlish)
def test_parse_sitting_raises_only_xmlerror(data):
    try:
        sitting = parse_sitting(data, "http://example.test/s.XML")
    except XMLError as exc:
        assert "http://example.test/s.XML" in str(exc)
    else:
        # a well-formed id (hoc-44-1-200-en, cimm-42-1-119-en, or keyed on the URL), and
        # statements numbered in document order
        assert re.fullmatch(r"[a-z]+-(\d+-\d+-\d{3,}|u[0-9a-f]{12})-[a-z]{2}", sitting.id), sitting.id
        assert [s.seq for s in sitting.statements] == list(range(len(sitting.statements)))


label_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)
realistic = st.builds(
    lambda hon, first, last, place, party: f"{hon}{first} {last} ({place}{party})",
    st.sampled_from(["", "Mr. ", "Ms. ", "Hon. ", "Mrs. ", "L'hon. "]),
    st.from_regex(r"[A-Z][a-zé]{1,10}", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{1,10}(-[A-Z][a-z]{1,8})?", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{2,12}( [A-Z][a-z]{2,10})?", fullmatch=True),
    st.sampled_from([", CPC", ", Lib.", ", NDP", ", BQ", ""]),
)


@FAST
@given(st.one_of(label_text, realistic), st.one_of(st.none(), st.from_regex(r"\d{1,7}", fullmatch=True)))
def test_parse_label_total(label, dbid):
    sp = parse_label(label, dbid=dbid)
    assert isinstance(sp, Speaker) and sp.dbid == dbid
    assert sp.label == sp.label.strip()
    if sp.name is not None:
        assert sp.name.strip() and "(" not in sp.name.split(" (")[0][:1]


@FAST
@given(realistic)
def test_parse_label_keeps_the_person_out_of_the_parenthesis(label):
    sp = parse_label(label)
    head = label.split(" (")[0]
    assert sp.name and sp.name in head
    assert sp.riding is None or sp.riding in label.split(" (", 1)[1]


def _numbers():
    from nlp import numbers  # an import error is a failure, not a skip

    return numbers


@FAST
@given(st.text(max_size=300))
def test_find_numbers_spans_are_consistent(text):
    numbers = _numbers()
    last_end = 0
    for n in numbers.find_numbers(text):
        assert 0 <= n.start < n.end <= len(text) and text[n.start:n.end] == n.text
        assert n.start >= last_end
        last_end = n.end


@FAST
@given(st.integers(min_value=0, max_value=10**12))
def test_integers_round_trip_in_english_and_french_formats(n):
    numbers = _numbers()
    assert numbers.parse_quantity(f"{n:,} claims") == (float(n), None)
    assert numbers.parse_quantity(f"{n:,}".replace(",", "\u00a0") + " demandes")[0] == float(n)
    assert numbers.parse_quantity(f"${n:,}") == (float(n), "CAD")


@FAST
@given(st.integers(min_value=1, max_value=999), st.sampled_from([("million", 10**6), ("billion", 10**9)]))
def test_scaled_dollars(n, scale):
    numbers = _numbers()
    word, factor = scale
    assert numbers.parse_quantity(f"${n} {word}") == (float(n * factor), "CAD")
    assert numbers.parse_quantity(f"{n}%") == (float(n), "percent")
