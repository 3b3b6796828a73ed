"""`stcawatch serve`: Datasette on the database, read-only, with the shipped metadata.yml.

Datasette opens a database file read-only (``?mode=ro``) unless a plugin asks to write, so the
crawl can keep writing (WAL) while researchers read; ``--immutable`` is for a frozen snapshot
(faster counts, no locking). A SQL time limit stops runaway ad-hoc queries.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import click
import yaml

METADATA = Path(__file__).with_name("metadata.yml")
# Datasette plugins shipped with stcawatch (stable pagination of sorted tables).
PLUGINS_DIR = Path(__file__).with_name("datasette_plugins")

# Datasette settings (name -> value) applied on every start.
SETTINGS: dict[str, str] = {
    "sql_time_limit_ms": "3500",       # ad-hoc SQL stops after 3.5 s
    "facet_time_limit_ms": "400",
    "max_returned_rows": "2000",
    "default_page_size": "50",
    "truncate_cells_html": "400",
    "allow_download": "off",           # researchers get CSV/JSON, not the whole file
    "default_cache_ttl": "60",
    "suggest_facets": "off",           # facets come from metadata.yml
}


def load_metadata(db_path: str | Path, path: str | Path = METADATA) -> dict:
    """metadata.yml with its ``databases.stcawatch`` section renamed to the file's stem.

    Datasette names a database after its file, so ``data/watch.db`` is served as ``watch``.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    name = Path(db_path).stem
    if name != "stcawatch":
        data["databases"] = {name: data["databases"]["stcawatch"]}
        for dashboard in (data.get("plugins", {}).get("datasette-dashboards") or {}).values():
            for chart in dashboard.get("charts", {}).values():
                if chart.get("db") == "stcawatch":
                    chart["db"] = name
    return data


def typed_settings(extra: dict | None = None) -> dict:
    """SETTINGS converted to the types Datasette(settings=...) expects (for in-process use)."""
    from datasette.app import SETTINGS as KNOWN

    defaults = {s.name: s.default for s in KNOWN}
    out = {}
    for name, value in {**SETTINGS, **(extra or {})}.items():
        default = defaults[name]
        if isinstance(default, bool):
            out[name] = str(value).lower() in ("on", "1", "true")
        elif isinstance(default, int):
            out[name] = int(value)
        else:
            out[name] = value
    return out


def prepare_db(db_path: str | Path) -> None:
    """Create the tables and views the metadata describes (idempotent); needs write access once."""
    from store.schema import open_db

    db = open_db(db_path)
    db.close()


def datasette_args(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001,
                   immutable: bool = False, metadata: str | Path = METADATA,
                   settings: dict[str, str] | None = None) -> list[str]:
    """The ``datasette serve`` argument list (without the program name)."""
    args = ["serve", "--immutable" if immutable else "", str(db_path), "--metadata", str(metadata),
            "--plugins-dir", str(PLUGINS_DIR), "--host", host, "--port", str(port)]
    args = [a for a in args if a]
    for name, value in {**SETTINGS, **(settings or {})}.items():
        args += ["--setting", name, value]
    return args


def datasette_command(db_path, **kwargs) -> list[str]:
    return [sys.executable, "-m", "datasette", *datasette_args(db_path, **kwargs)]


@click.command("serve")
@click.option("--db", "db_path", default="stcawatch.db", show_default=True,
              type=click.Path(dir_okay=False), help="SQLite database written by `stcawatch run`.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (use 0.0.0.0 only behind a proxy).")
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--immutable", is_flag=True,
              help="Serve a frozen snapshot (no writer may touch the file while serving).")
@click.option("--metadata", default=str(METADATA), show_default="surface/metadata.yml",
              type=click.Path(exists=True, dir_okay=False))
def serve_command(db_path, host, port, immutable, metadata):
    """Start Datasette on the database (read-only, SQL time limit, canned queries).

    Example: stcawatch serve --db stcawatch.db --port 8001
    """
    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: database not found (run `stcawatch run` first)")
    prepare_db(db_path)
    with tempfile.TemporaryDirectory(prefix="stcawatch-serve-") as tmp:
        meta = Path(tmp) / "metadata.yml"
        meta.write_text(yaml.safe_dump(load_metadata(db_path, metadata), sort_keys=False),
                        encoding="utf-8")
        cmd = datasette_command(db_path, host=host, port=port, immutable=immutable, metadata=meta)
        click.echo("starting: " + " ".join(cmd[2:]), err=True)
        code = run_until_signalled(cmd)
    sys.exit(code)


def run_until_signalled(cmd: list[str]) -> int:
    """Run ``cmd`` and return its exit code; SIGTERM or SIGHUP (a service manager stopping us)
    or Ctrl-C stops the child too, before the caller's temp folder is removed, and the exit
    code says which signal (128 + its number)."""
    def stop(signum, frame):
        raise SystemExit(128 + signum)

    proc = subprocess.Popen(cmd)
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return proc.wait()
    except BaseException:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
