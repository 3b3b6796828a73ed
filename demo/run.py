"""The demo's crawl: build the sample sites in a temporary folder, serve each on 127.0.0.1 and
crawl them with the real spiders into a database (``stcawatch demo`` calls this, then extracts).

Loopback sites: House of Commons publication XML (demo/hansard), a news site (demo/news:
synthetic pages marked as such, plus, when ../shared is present, the real feeds and short
credited quotations of the STCA excerpts) and, only when ../shared is present, the Senate
Debates sample sittings (never bundled: the Senate's pages).
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from crawlers.loopback import serve_folder
from crawlers.settings import LOOPBACK_OVERRIDES
from demo import build_news_site
from demo.senate_site import NOTE, build_senate_site
from demo.site import build_hansard_site
from surface.jobs import crawl


def crawl_demo_sites(db_path: str, shared: Path, echo: Callable[[str], None] = print) -> dict:
    """Serve the sample sites and crawl them into ``db_path``; return the crawl's run summary."""
    with tempfile.TemporaryDirectory(prefix="stcawatch-demo-") as tmp:
        plan = build_hansard_site(Path(tmp) / "hansard")
        news_root = build_news_site.build(Path(tmp) / "news", shared)
        senate_plan = build_senate_site(Path(tmp) / "senate", shared)
        with serve_folder(Path(tmp) / "hansard") as hansard, serve_folder(news_root) as news, \
                serve_folder(Path(tmp) / "senate") as senate:
            echo(f"serving {plan['publications']} Hansard publications on {hansard.base_url} "
                 f"and the sample news site on {news.base_url}")
            echo(f"serving {senate_plan['sittings']} Senate sittings from ../shared on "
                 f"{senate.base_url}" if senate_plan else NOTE)
            overrides = {key: plan[key] for key in plan if key.startswith("HANSARD_")}
            overrides.update(LOOPBACK_OVERRIDES, HANSARD_BASE_URL=hansard.base_url)
            overrides.update(build_news_site.crawl_overrides(news.base_url, db_path))
            spiders = ["hansard", "news"]
            if senate_plan:
                overrides.update(SENATE_BASE_URL=senate.base_url,
                                 SENATE_SESSIONS=senate_plan["SENATE_SESSIONS"])
                spiders.append("senate")
            return crawl(db_path, overrides, spiders, command="demo")
