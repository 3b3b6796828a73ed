"""Lay sample publication XML out under ourcommons.ca's URL scheme, for a loopback server.

House sittings go to ``/Content/House/{P}{S}/Debates/{NNN}/HAN{NNN}-{E|F}.XML`` and committee
evidence to ``/Content/Committee/{P}{S}/{ACR}/Evidence/EV{id}/{ACR}EV{NN}-{E|F}.XML``, so the
spiders crawl the demo exactly as they crawl the real site.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from crawlers.hansard_xml import _int, _items
from crawlers.safe_xml import XMLError, parse_xml
from crawlers.spiders.hansard import sitting_path

HANSARD_SAMPLES = Path(__file__).parent / "hansard"


@dataclass
class Publication:
    source: Path
    path: str  # URL path on the site
    kind: str  # debates | committee
    parliament: int
    session: int
    number: int


def describe(xml_file: Path) -> Publication:
    """Read a publication's metadata to decide where it lives on the site."""
    root = parse_xml(xml_file.read_bytes(), str(xml_file))
    items = _items(root)
    lang = "F" if (root.get("{http://www.w3.org/XML/1998/namespace}lang") or "EN").upper().startswith("F") else "E"
    parl, sess = _int(items.get("ParliamentNumber")), _int(items.get("SessionNumber"))
    number = _int(items.get("MetaNumberNumber")) or _int(items.get("Number"))
    if (items.get("MetaDocumentCategory") or "").lower() == "committee":
        acr = items.get("Acronyme") or "COMM"
        ev = xml_file.stem.split("-")[0]
        path = f"/Content/Committee/{parl}{sess}/{acr}/Evidence/EV{ev}/{acr}EV{number:02d}-{lang}.XML"
        return Publication(xml_file, path, "committee", parl, sess, number)
    return Publication(xml_file, sitting_path(parl, sess, number, lang), "debates", parl, sess, number)


def build_hansard_site(out_dir: Path, sources: Path = HANSARD_SAMPLES,
                       max_misses: int = 5) -> dict:
    """Copy publications into ``out_dir``; return the spider settings that crawl them all."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pubs, broken = [], []
    for xml_file in sorted(sources.glob("*.xml")) + sorted(sources.glob("*.XML")):
        try:
            pub = describe(xml_file)
        except XMLError as exc:
            broken.append(str(exc))
            continue
        target = out_dir / pub.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(xml_file, target)
        pubs.append(pub)
    (out_dir / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return {
        "HANSARD_SESSIONS": session_specs(pubs, max_misses),
        "HANSARD_LANGUAGES": ["E", "F"],
        "HANSARD_MAX_MISSES": max_misses,
        "HANSARD_EXTRA_PATHS": [p.path for p in pubs if p.kind == "committee"],
        "publications": len(pubs), "broken": broken,
    }


def session_specs(pubs: list[Publication], max_misses: int) -> list[str]:
    """Walk starts that reach every sample sitting: sittings further apart start a new walk."""
    specs = []
    sessions: dict[tuple[int, int], set[int]] = {}
    for pub in pubs:
        if pub.kind == "debates":
            sessions.setdefault((pub.parliament, pub.session), set()).add(pub.number)
    for (parl, sess), numbers in sorted(sessions.items()):
        previous = None
        for number in sorted(numbers):
            if previous is None or number - previous > max_misses:
                specs.append(f"{parl}-{sess}:{number}")
            previous = number
    return specs
