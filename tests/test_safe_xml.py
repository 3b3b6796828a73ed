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


# ---------------------------------------------------------------- issue 20, defect 4
def _xxe(secret) -> str:
    return f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]><r>&x;</r>'


def test_a_dtd_after_a_long_comment_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    padded = '<?xml version="1.0"?><!--' + "x" * 3000 + "-->" + _xxe(secret)
    with pytest.raises(XMLError, match="DTD"):
        parse_xml(padded.encode(), "padded.xml")


def test_a_utf16_dtd_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?>' + _xxe(secret)).encode("utf-16")
    with pytest.raises(XMLError, match="DTD"):
        parse_xml(utf16, "utf16.xml")


def test_the_parser_flags_themselves_resolve_nothing_and_load_no_dtd(tmp_path):
    """Past any byte check, the parser alone must neither read a local file through an entity
    nor load an external DTD (its default attribute would appear)."""
    from lxml import etree

    from crawlers.safe_xml import make_parser

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    root = etree.fromstring(_xxe(secret).encode(), make_parser())
    assert "TOP-SECRET" not in etree.tostring(root, encoding="unicode")
    dtd = tmp_path / "ext.dtd"
    dtd.write_text('<!ATTLIST r injected CDATA "yes">')
    root = etree.fromstring(f'<!DOCTYPE r SYSTEM "file://{dtd}"><r/>'.encode(), make_parser())
    assert root.get("injected") is None


def test_a_utf16_feed_with_a_dtd_is_refused(tmp_path):
    from crawlers.listings import ListingError, parse_feed_or_sitemap

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    feed = (f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
            "<rss><channel><item><title>&x;</title><link>https://example.org/a</link></item></channel></rss>")
    with pytest.raises(ListingError, match="DTD"):
        parse_feed_or_sitemap(feed.encode("utf-16"), "https://example.org/feed.xml")
