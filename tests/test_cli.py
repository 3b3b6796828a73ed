"""The CLI's local commands against real SQLite files (click's CliRunner)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
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
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command.help and "Example:" in command.help, name


def test_lazy_commands_list_their_own_help_without_importing_it():
    """`--help` shows each feature command's real summary, yet imports none of them (spaCy)."""
    from pipeline import LAZY

    code = ("import sys; from click.testing import CliRunner; from pipeline import cli; "
            "out = CliRunner().invoke(cli, ['--help']).output; "
            "print(sorted(m for m in ('spacy', 'torch', 'scrapy', 'sqlite_utils', 'nlp.stance_train') "
            "if m in sys.modules)); print(out)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "[]"
    ctx = click.Context(cli)
    for name, (_, summary) in LAZY.items():
        assert cli.get_command(ctx, name).get_short_help_str(200) == summary, name
        assert name in done.stdout


def test_load_records_an_unexpected_parser_failure_and_loads_the_rest(tmp_path, monkeypatch):
    """Issue 20: a parser exception other than XMLError lost the file, the files after it and
    left the run 'running'. Now it is a recorded parse error and the run goes on."""
    from crawlers import hansard_xml

    good = need(HANSARD_FIXTURES / "42-1-2-en.xml")
    odd = tmp_path / "odd.xml"
    odd.write_bytes(good.read_bytes().replace(b"<HansardBody", b"<HansardBody data-odd='1'", 1))
    real_items = hansard_xml._items

    def items(root):
        if root.find("HansardBody") is not None and root.find("HansardBody").get("data-odd"):
            raise OverflowError("Python int too large to convert to C int")
        return real_items(root)

    monkeypatch.setattr(hansard_xml, "_items", items)
    db_path = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["load", "--db", db_path, str(odd), str(good)])
    assert result.exit_code == 3, result.output
    assert "odd.xml" in result.output and "OverflowError" in result.output
    db = open_db(db_path)
    assert db["documents"].count == 1
    [err] = list(db["crawl_errors"].rows)
    assert err["url"].endswith("odd.xml") and err["stage"] == "parse"
    assert [r["status"] for r in db["crawl_runs"].rows] == ["partial"]


def test_extract_skips_a_text_over_the_nlp_limit_by_name_and_stores_the_rest(tmp_path):
    """Issue 20: one text over 1,000,000 characters made every `run` exit 1 (spaCy E088)."""
    from surface.jobs import extract
    from store.schema import open_db as schema_db

    db_path = str(tmp_path / "nlp.db")
    db = schema_db(db_path)
    quote = '"We must suspend the Safe Third Country Agreement," said Jenny Kwan.'
    db["documents"].insert_all([
        {"id": "news-good", "kind": "news", "url": "https://example.test/good", "date": "2023-03-01",
         "text": quote, "relevant": 1, "content_hash": "h1", "language": "en"},
        {"id": "news-huge", "kind": "news", "url": "https://example.test/huge", "date": "2023-03-02",
         "text": quote + " word" * 250_000, "relevant": 1, "content_hash": "h2", "language": "en"},
    ], pk="id", alter=True)
    db.close()
    totals = extract(db_path, progress=False)
    assert totals["skipped"] == 1 and totals["statements"] >= 1
    db = schema_db(db_path)
    [err] = list(db["crawl_errors"].rows)
    assert err["url"] == "https://example.test/huge" and err["stage"] == "nlp"
    assert "over the NLP limit" in err["reason"]
    assert [r["document_id"] for r in db["statements"].rows] == ["news-good"]
    assert extract(db_path, progress=False)["documents"] == 0  # recorded once, not retried forever


def test_load_exits_1_when_no_file_could_be_stored(tmp_path):
    """Issue 20: nothing stored is a failure (1), not a day with some sources skipped (3)."""
    bad = tmp_path / "broken.xml"
    bad.write_bytes(need(HANSARD_FIXTURES / "42-1-2-en.xml").read_bytes()[:3000])
    db_path = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["load", "--db", db_path, str(bad)])
    assert result.exit_code == 1, result.output
    assert "failed" in result.output and "broken.xml" in result.output
    assert [r["status"] for r in open_db(db_path)["crawl_runs"].rows] == ["failed"]


def test_an_empty_publication_does_not_replace_a_stored_sitting(tmp_path):
    """Issue 20, defect 2: a well-formed but empty publication turned 135 statements into 0."""
    import re

    good = need(HANSARD_FIXTURES / "42-1-2-en.xml")
    data = good.read_bytes()
    empty = tmp_path / "42-1-2-empty.xml"
    empty.write_bytes(re.sub(rb"<HansardBody\b.*</HansardBody>", b"<HansardBody/>", data, flags=re.S))
    db_path = str(tmp_path / "cli.db")
    assert CliRunner().invoke(cli, ["load", "--db", db_path, str(good)]).exit_code == 0
    before = open_db(db_path)["statements"].count
    result = CliRunner().invoke(cli, ["load", "--db", db_path, str(empty)])
    assert result.exit_code == 1, result.output
    db = open_db(db_path)
    assert db["statements"].count == before > 50
    [err] = [e for e in db["crawl_errors"].rows if e["url"].endswith("42-1-2-empty.xml")]
    assert "no statements" in err["reason"] and str(before) in err["reason"]


def test_publications_without_metadata_do_not_overwrite_each_other(tmp_path):
    """Issue 20, defect 2: two files without metadata both became hoc-None-None-000-en."""
    import re

    data = need(HANSARD_FIXTURES / "42-1-2-en.xml").read_bytes()
    bare = re.sub(rb"<ExtractedInformation\b.*?</ExtractedInformation>", b"", data, count=1, flags=re.S)
    assert b"ParliamentNumber" not in bare
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    a.write_bytes(bare)
    b.write_bytes(bare.replace(b"</HansardBody>", b"<ParaText>One more.</ParaText></HansardBody>", 1))
    db_path = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["load", "--db", db_path, str(a), str(b)])
    assert result.exit_code == 0, result.output
    ids = [r["id"] for r in open_db(db_path)["documents"].rows]
    assert len(ids) == 2 and not any("None" in i for i in ids)


def test_load_records_a_missing_or_unreadable_file_and_loads_the_rest(tmp_path, monkeypatch):
    """Issue 20, defect 5: a missing path rejected the whole command (rc 2) and an unreadable
    file gave a traceback; both are now recorded by name and the good file is loaded."""
    good = need(HANSARD_FIXTURES / "42-1-2-en.xml")
    locked = tmp_path / "locked.xml"
    locked.write_bytes(b"<Hansard/>")
    real_read = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.xml":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    db_path = str(tmp_path / "cli.db")
    missing = tmp_path / "gone.xml"
    result = CliRunner().invoke(cli, ["load", "--db", db_path, str(missing), str(locked), str(good)])
    assert result.exit_code == 3, result.output
    db = open_db(db_path)
    assert db["documents"].count == 1
    reasons = {Path(e["url"]).name: (e["stage"], e["reason"]) for e in db["crawl_errors"].rows}
    assert reasons["gone.xml"][0] == "read" and "not found" in reasons["gone.xml"][1]
    assert reasons["locked.xml"][0] == "read" and "Permission denied" in reasons["locked.xml"][1]


def test_load_names_the_file_and_database_when_the_database_refuses_a_write(tmp_path, monkeypatch):
    """Issue 20, defect 5: disk full / read-only / lock timeout gave a bare traceback and left
    the run 'running'."""
    import sqlite3

    from ingest import publications

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(publications, "save_sitting", full)
    good = need(HANSARD_FIXTURES / "42-1-2-en.xml")
    db_path = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["load", "--db", db_path, str(good)])
    assert result.exit_code == 1, result.output
    assert "42-1-2-en.xml" in result.output and "cli.db" in result.output
    assert "disk is full" in result.output and "Traceback" not in result.output
    assert [r["status"] for r in open_db(db_path)["crawl_runs"].rows] == ["failed"]


def test_a_run_summary_lists_a_few_skipped_sources_not_all_of_them(capsys):
    """Issue 20, defect 11: a total outage printed 916 lines; cron mails every one."""
    from pipeline import print_run

    errors = [{"url": f"https://example.test/{i}", "stage": "fetch", "reason": "refused"}
              for i in range(900)]
    print_run({"run_id": 7, "status": "failed", "fetched": 0, "skipped": 900, "errors": errors})
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) <= 12
    assert "https://example.test/0 (fetch): refused" in lines[1]
    assert "890 more" in lines[-1] and "stcawatch status" in lines[-1]
