"""The news extractor's version (crawlers.article), importable without loading trafilatura.

A page the extractor refused is remembered with this version (``seen_urls.refused_by``); when
it changes, the news spider asks for the page again in full instead of skipping it or asking
conditionally, so a fixed extractor reads pages an older one could not. Bump it when
``extract_article`` changes what it returns."""
EXTRACTOR_VERSION = "2026-12-03.1-extract-s10"
