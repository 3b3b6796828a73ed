"""Parse results into storage: the layer between the pure parsers (crawlers/) and SQLite (store/)."""
