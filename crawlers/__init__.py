"""Scrapy project: spiders for Hansard publication XML and news outlets."""
