"""Imports run one way (issue 18): fetch and parse (crawlers/) -> ingest (parse results into
storage) -> extract (nlp/) -> store -> surface. Each check imports a layer's modules in a fresh
interpreter and lists what else came with them."""
from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import PY_ENV, ROOT

CODE = """
import importlib, pkgutil, sys
for name in {modules!r}:
    module = importlib.import_module(name)
    for sub in pkgutil.iter_modules(getattr(module, "__path__", [])):
        importlib.import_module(name + "." + sub.name)
print(sorted({{m.split('.')[0] for m in sys.modules}} & {forbidden!r}))
"""


def imported_layers(modules: list[str], forbidden: set[str]) -> list[str]:
    result = subprocess.run([sys.executable, "-c", CODE.format(modules=modules, forbidden=forbidden)],
                            cwd=ROOT, env=PY_ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return ast.literal_eval(result.stdout.strip())


@pytest.mark.parametrize("modules, forbidden", [
    # spiders only navigate and parse: what they saw before comes from their store pipeline
    (["crawlers.spiders.hansard", "crawlers.spiders.senate", "crawlers.spiders.news"],
     {"store", "nlp", "ingest", "surface", "pipeline"}),
    # fetch and parse: everything in crawlers/ but its two Scrapy item pipelines, which are
    # the ingest side of the crawl (parse results into storage, relevance before storing)
    ([f"crawlers.{m}" for m in ("article", "backfill", "backoff", "conditional", "crawl",
                                "extraction_version", "hansard_xml", "items", "listings", "loopback",
                                "news_sources", "safe_xml", "senate_html", "settings", "sitting", "urls")],
     {"store", "nlp", "ingest", "surface", "pipeline"}),
    # the parsers are pure
    (["crawlers.hansard_xml", "crawlers.senate_html", "crawlers.article", "crawlers.listings"],
     {"store", "nlp", "ingest", "surface", "pipeline", "scrapy"}),
    # storage knows no parser and no surface: ingest/ hands it parsed records
    (["store"], {"crawlers", "ingest", "surface", "pipeline"}),
    # the NLP stage reads records, not the database
    (["nlp"], {"store", "ingest", "surface", "pipeline"}),
    # shared knowledge (parties, honorifics) is a leaf both the parsers and the NLP stage read
    (["knowledge"], {"crawlers", "nlp", "store", "ingest", "surface", "pipeline", "scrapy", "spacy"}),
], ids=["spiders", "crawlers", "parsers", "store", "nlp", "knowledge"])
def test_a_layer_imports_nothing_above_it(modules, forbidden):
    assert imported_layers(modules, forbidden) == []
