"""The one XML parser refuses what a hostile server could send, and names the source."""
from __future__ import annotations

import time

import pytest

from crawlers.hansard_xml import parse_sitting
from crawlers.safe_xml import XMLError, parse_xml

from .conftest import HANSARD_FIXTURES, need


def test_malformed_xml_names_the_source():
    data = need(HANSARD_FIXTURES / "43-1-44-en.xml").read_bytes()
    with pytest.raises(XMLError, match=r"HAN044-E\.XML: malformed XML"):
        parse_sitting(data[: len(data) // 2], "http://127.0.0.1/HAN044-E.XML")


def test_external_entity_leaks_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]><r>&x;</r>'
    with pytest.raises(XMLError) as err:
        parse_xml(xxe.encode(), "evil.xml")
    assert "TOP-SECRET" not in str(err.value) and "evil.xml" in str(err.value)


def test_billion_laughs_fails_fast():
    lol = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]><l>&j;</l>"
    started = time.monotonic()
    with pytest.raises(XMLError):
        parse_xml(lol.encode(), "lol.xml")
    assert time.monotonic() - started < 1.0


def test_empty_and_non_xml_inputs():
    with pytest.raises(XMLError, match="empty"):
        parse_xml(b"   ", "empty.xml")
    with pytest.raises(XMLError, match="not House of Commons publication XML"):
        parse_sitting(b"<html><body>Not found</body></html>", "page.html")


def test_html_entities_and_bom_are_accepted():
    root = parse_xml("\ufeff<r>Qu&eacute;bec &amp; Fran&ccedil;ois</r>".encode("utf-8"), "x.xml")
    assert root.text == "Québec & François"
