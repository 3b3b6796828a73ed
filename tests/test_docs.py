"""The documentation, checked like code (as sqlite-utils' test_docs.py does): docs/cli.md is
generated from every command's --help (``pytest tests/test_docs.py --update-golden`` rewrites
it), every command is in the README's command table, and every documentation link resolves."""
from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from pipeline import cli

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"


def commands() -> list[str]:
    return sorted(cli.list_commands(None))


def reference() -> str:
    out = ["# Command reference", "",
           "Generated from `stcawatch COMMAND --help` by `pytest tests/test_docs.py --update-golden`;",
           "do not edit by hand.", ""]
    for name in commands():
        result = CliRunner().invoke(cli, [name, "--help"], terminal_width=100, prog_name="stcawatch")
        assert result.exit_code == 0, (name, result.output)
        out += [f"## stcawatch {name}", "", "```", result.output.rstrip(), "```", ""]
    return "\n".join(out)


def test_cli_reference_is_generated_from_help(update_golden):
    text = reference()
    if update_golden:
        CLI_DOC.write_text(text, encoding="utf-8")
    assert CLI_DOC.read_text(encoding="utf-8") == text, \
        "docs/cli.md is stale: run pytest tests/test_docs.py --update-golden and review the diff"


def test_every_command_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = {m for m in re.findall(r"^\| `stcawatch ([a-z-]+)", readme, re.M)}
    assert set(commands()) <= table, sorted(set(commands()) - table)


def test_every_command_has_an_example():
    for name in commands():
        help_text = CliRunner().invoke(cli, [name, "--help"]).output
        assert "Example:" in help_text, f"stcawatch {name} --help has no example"


def test_documentation_links_resolve():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / target).exists(), f"{doc.name}: broken link {target}"
