"""Spiders only navigate and parse; crawlers.pipelines clean, dedup and store."""
