"""All Scrapy settings in one place.

Scrapy's global defaults are neither polite nor safe for a cron job that runs for years:
robots.txt is obeyed, AutoThrottle is on, concurrency per domain is capped, timeouts are in
seconds, responses are capped at 32 MiB (a gzip bomb is dropped), the telnet console is off and
only http(s) download handlers are enabled. Base URLs are settings so tests and the demo point
the spiders at a loopback server.
"""
from scrapy.settings import default_settings as _scrapy_defaults

BOT_NAME = "stcawatch"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

USER_AGENT = "stcawatch/0.1 (+research monitoring of the Safe Third Country Agreement; contact: see README)"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30  # seconds (Scrapy's default is 180)
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False

TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Off above, and not even imported: Scrapy imports every component its *_BASE settings name, even
# one disabled with None, and the remote-control module pulls in aiohttp (~0.3 s of every run).
EXTENSIONS_BASE = {path: order for path, order in _scrapy_defaults.EXTENSIONS_BASE.items()
                   if path not in ("scrapy.extensions.telnet.TelnetConsole",
                                   "scrapy.extensions.remote_control.RemoteControl")}
LOG_INSTALL_ROOT_HANDLER = False  # stcawatch configures logging itself
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}

# Each spider enables its own item pipelines (custom_settings): hansard and senate the
# StorePipeline (publications, fetch errors), news the NewsPipeline (extract, relevance, dedup,
# store). None here, so a spider never runs another's pipeline.
ITEM_PIPELINES: dict = {}
STORE_PIPELINES = {"crawlers.pipelines.StorePipeline": 500}
NEWS_PIPELINES = {"crawlers.news_pipeline.NewsPipeline": 400}

# Where items are stored; `stcawatch` passes the real path.
STCAWATCH_DB = "stcawatch.db"
STCAWATCH_RUN_ID = None

# House of Commons publication XML (https://www.ourcommons.ca in production).
HANSARD_BASE_URL = "https://www.ourcommons.ca"
# Where the same paths are public: stored and linked URLs use it, whatever HANSARD_BASE_URL is
# (the demo and tests fetch from 127.0.0.1 and still store https://www.ourcommons.ca/... links).
HANSARD_PUBLIC_BASE_URL = "https://www.ourcommons.ca"
# Sessions to walk: "PARL-SESS" or "PARL-SESS:FIRST" or "PARL-SESS:FIRST-LAST" (sitting numbers).
HANSARD_SESSIONS = ["44-1"]
HANSARD_LANGUAGES = ["E"]
# A sitting walk ends after this many consecutive missing sittings.
HANSARD_MAX_MISSES = 5
# Extra publication XML paths (committee evidence, Senate) relative to HANSARD_BASE_URL.
HANSARD_EXTRA_PATHS = []

# Senate of Canada Debates pages (https://sencanada.ca in production): sessions whose index to
# read, "PARL-SESS" or "PARL-SESS:FIRST[-LAST]" (sitting numbers). English pages only.
SENATE_BASE_URL = "https://sencanada.ca"
SENATE_PUBLIC_BASE_URL = "https://sencanada.ca"  # stored and linked, like HANSARD_PUBLIC_BASE_URL
SENATE_SESSIONS = ["45-1"]

LOG_LEVEL = "INFO"
# Loopback sources (tests, demo, benchmarks) need no politeness delay: `loopback_profile()`.
LOOPBACK_OVERRIDES = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                      "CONCURRENT_REQUESTS_PER_DOMAIN": 16}
HTTPCACHE_ENABLED = False  # `stcawatch crawl --http-cache` turns it on for development
HTTPCACHE_DIR = "httpcache"
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# News (issue 3): outlets file (None = crawlers/sources.yaml); NEWS_BASE_URL puts every outlet
# URL under {base}/{outlet key}/ (tests and the demo serve the sample site on 127.0.0.1).
NEWS_SOURCES = None
NEWS_BASE_URL = None
NEWS_MAX_PAGE_BYTES = 5 * 1024 * 1024  # larger pages are skipped and recorded
# Backfill (stcawatch backfill --news-archive KEY=URL): read only these archive listings, with
# no age limit and up to NEWS_ARCHIVE_MAX_ARTICLES articles and NEWS_ARCHIVE_MAX_PAGES pages.
NEWS_ARCHIVE: list[str] = []
NEWS_ARCHIVE_MAX_ARTICLES = 5000
NEWS_ARCHIVE_MAX_PAGES = 50
NEWS_USE_MODEL = True  # MiniLM similarity for articles in the keyword grey zone
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry; doubles each time (news spider)
RETRY_BACKOFF_MAX = 60.0
