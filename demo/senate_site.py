"""Lay the Senate Debates pages of ../shared/fixtures/senate out under sencanada.ca's URL scheme.

The pages are the Senate's, shared here for research: they are never copied into the
repository, and the demo includes them only when ../shared is beside it. Sittings go to their
original paths (``/en/content/sen/chamber/{P}{S}/debates/{NNN}db_{date}-e``); the real session
index of 43-2 goes to ``/en/in-the-chamber/debates/43-2``; session 40-3, whose index is not
among the fixtures, gets a generated index (marked as such) that lists its two sample sittings.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from crawlers.senate_html import sitting_url_parts
from crawlers.spiders.senate import index_path

NOTE = ("Senate: not in this demo (sencanada.ca pages are the Senate's and are not bundled); "
        "with ../shared beside the repository the demo crawls the sample sittings there")


def build_senate_site(out_dir: Path, shared: Path) -> dict | None:
    """Copy the sample sittings and session indexes into ``out_dir``; return the spider
    settings that crawl exactly those sittings, or None when the fixtures are absent."""
    folder = shared / "fixtures" / "senate"
    sources = folder / "SOURCES.json"
    if not sources.exists():
        return None
    files = json.loads(sources.read_text(encoding="utf-8"))["files"]
    sittings: dict[tuple[int, int], list[int]] = {}
    for name, meta in sorted(files.items()):
        url = meta["original_url"].split()[0]
        parts = sitting_url_parts(url)
        if parts is None or "made-up" in meta["original_url"]:
            continue
        target = out_dir / urlsplit(url).path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / name, target)
        sittings.setdefault((parts["parliament"], parts["session"]), []).append(
            (parts["sitting"], urlsplit(url).path))
    specs = []
    for (parl, sess), found in sorted(sittings.items()):
        index = out_dir / index_path(parl, sess).lstrip("/")
        index.parent.mkdir(parents=True, exist_ok=True)
        real = folder / f"ca_senate_index_{parl}-{sess}.html"
        if real.exists():
            shutil.copyfile(real, index)
        else:
            links = "\n".join(f'<a href="{path.replace("/", chr(92))}">{n}</a>' for n, path in sorted(found))
            index.write_text("<!DOCTYPE html><html><head><title>Debates (generated demo index: "
                             f"lists only the sample sittings)</title></head><body>\n{links}\n"
                             "</body></html>\n", encoding="utf-8")
        numbers = sorted(n for n, _ in found)
        specs.append(f"{parl}-{sess}:{numbers[0]}-{numbers[-1]}")
    (out_dir / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return {"SENATE_SESSIONS": specs, "sittings": sum(len(v) for v in sittings.values())}
