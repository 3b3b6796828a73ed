"""Items the spiders yield. Spiders only fetch and parse; crawlers.pipelines stores."""
import scrapy


class SittingItem(scrapy.Item):
    """One parliamentary publication: House of Commons publication XML (a sitting's debates or
    a committee meeting) or a Senate Debates page."""

    url = scrapy.Field()  # where it was fetched (a loopback server in tests and the demo)
    public_url = scrapy.Field()  # the same publication on the public site: what is stored and linked
    body = scrapy.Field()  # raw bytes; parsed in the pipeline (crawlers.hansard_xml / senate_html)
    format = scrapy.Field()  # "house_xml" (default) or "senate_html"
    status = scrapy.Field()  # "fetched", or "not_modified" (HTTP 304: body is None)
    etag = scrapy.Field()
    last_modified = scrapy.Field()


class ArticleItem(scrapy.Item):
    """One news page as fetched (extraction and relevance happen in pipelines)."""

    url = scrapy.Field()
    final_url = scrapy.Field()
    outlet = scrapy.Field()
    language = scrapy.Field()
    html = scrapy.Field()
    headers = scrapy.Field()
    discovered_via = scrapy.Field()
    listed_date = scrapy.Field()
    content_hash = scrapy.Field()
    listed_title = scrapy.Field()
    timezone = scrapy.Field()
    wire = scrapy.Field()
    status = scrapy.Field()
    etag = scrapy.Field()
    last_modified = scrapy.Field()
    skip_stage = scrapy.Field()  # set when the page is not an article to extract ...
    skip_reason = scrapy.Field()  # ... and why (recorded in crawl_errors by NewsPipeline)


class FetchErrorItem(scrapy.Item):
    """A source that could not be fetched; stored in crawl_errors so the run summary shows it."""

    url = scrapy.Field()
    stage = scrapy.Field()
    reason = scrapy.Field()
