"""The one XML parser factory: no entity expansion, no network, no DTD loading.

Publication XML from the House of Commons is trusted-ish, but a crawler parses whatever a server
returns, so every XML parse in stcawatch goes through ``parse_xml``: external entities are not
resolved (no XXE), the network is never touched (a DTD on another host gets no hit), and
``huge_tree`` stays off so entity-expansion bombs fail fast instead of eating memory.
"""
from __future__ import annotations

import html.entities
import re

from lxml import etree


class XMLError(ValueError):
    """Raised with the source named, so callers can log and skip the file."""


def make_parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


_HTML_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}
_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding=['\"]utf8['\"]", re.I)


def _replace_html_entity(match: re.Match) -> bytes:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    char = html.entities.html5.get(name.decode() + ";")
    return char.encode("utf-8") if char else match.group(0)


def normalise_xml_bytes(data: bytes) -> bytes:
    """Strip a BOM and turn HTML named entities (``&eacute;``, invalid in XML) into UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _DECL.match(data):
        data = _DECL.sub(lambda m: m.group(0)[:-5] + m.group(0)[-5:].replace(b"utf8", b"UTF-8"), data, count=1)
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data[:65536]:
        # A document that declares its own entities is not publication XML: refuse it
        # instead of letting any parser expand or fetch them.
        raise XMLError("document declares a DTD/entities; refusing to parse")
    return _HTML_ENTITY.sub(_replace_html_entity, data)


def parse_xml(data: bytes, source: str = "<bytes>") -> etree._Element:
    """Parse untrusted XML bytes safely; raise XMLError naming ``source`` on any problem."""
    if not data or not data.strip():
        raise XMLError(f"{source}: empty document")
    try:
        cleaned = normalise_xml_bytes(data)
        root = etree.fromstring(cleaned, parser=make_parser())
    except XMLError as exc:
        raise XMLError(f"{source}: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise XMLError(f"{source}: malformed XML: {exc}") from None
    if root is None:
        raise XMLError(f"{source}: no root element")
    if declares_dtd(root):
        raise XMLError(f"{source}: document declares a DTD/entities; refusing to parse")
    return root


def declares_dtd(root) -> bool:
    """Did the parsed document declare a DTD? The byte checks see ASCII near the start only:
    a DTD behind a long comment or in UTF-16 is caught here, on what the parser itself read."""
    info = root.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None
