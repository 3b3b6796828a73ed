"""The CLI's local commands against real SQLite files (click's CliRunner)."""
from __future__ import annotations


from click.testing import CliRunner

from pipeline import cli
from store.schema import open_db

from .conftest import HANSARD_FIXTURES, need


def test_load_then_status_then_reload_is_idempotent(tmp_path):
    files = [need(HANSARD_FIXTURES / n) for n in ("43-1-44-en.xml", "6265357-en.xml")]
    db_path = str(tmp_path / "cli.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["load", "--db", db_path, *map(str, files)])
    assert first.exit_code == 0, first.output
    assert "stored 2" in first.output
    db = open_db(db_path)
    before = {t: db[t].count for t in ("documents", "statements", "speakers")}
    db.close()
    again = runner.invoke(cli, ["load", "--db", db_path, *map(str, files)])
    assert "stored 0, unchanged 2" in again.output
    db = open_db(db_path)
    assert {t: db[t].count for t in before} == before
    # every foreign key holds
    assert list(db.query("pragma foreign_key_check")) == []
    db.close()
    status = runner.invoke(cli, ["status", "--db", db_path])
    assert status.exit_code == 0 and "statements:" in status.output and "run 2 load" in status.output


def test_load_skips_a_broken_file_and_keeps_the_rest(tmp_path):
    good = need(HANSARD_FIXTURES / "42-1-2-en.xml")
    bad = tmp_path / "broken.xml"
    bad.write_bytes(good.read_bytes()[:3000])
    db_path = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["load", "--db", db_path, str(good), str(bad)])
    assert result.exit_code == 3
    assert "broken.xml" in result.output and "malformed XML" in result.output
    db = open_db(db_path)
    assert db["documents"].count == 1 and db["crawl_errors"].count == 1


def test_status_without_database_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["status", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no database at" in result.output


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name
