"""What researchers read: Datasette metadata, the weekly digest, cron helpers."""
