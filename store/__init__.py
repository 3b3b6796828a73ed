"""SQLite storage through sqlite-utils: schema, idempotent loaders, speaker registry."""
