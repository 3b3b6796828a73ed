"""Golden files: every House fixture's parse compared with a snapshot in tests/golden/.

As in openparliament's parser tests, the snapshots are this project's own output, checked by
hand against the XML where the parser changed (the House parser cases of issue 15), and
regenerated only on purpose: ``pytest tests/test_golden.py --update-golden``, then review
``git diff tests/golden``. One JSON line per statement, with the text as its length, SHA-1
and first 80 characters (any change of text shows; the diff stays readable), then one line per
division.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from crawlers.hansard_xml import parse_sitting

from .conftest import HANSARD_FIXTURES, need

GOLDEN = Path(__file__).parent / "golden"
# Every fixture and every golden file (a fixture without a golden file fails; without ../shared
# each test skips, naming the missing fixture).
FIXTURES = sorted({p.name for p in HANSARD_FIXTURES.glob("*.xml")} | {p.stem + ".xml" for p in GOLDEN.glob("*.jsonl")})


def snapshot(sitting) -> list[str]:
    head = {"id": sitting.id, "kind": sitting.kind, "date": sitting.date, "language": sitting.language,
            "title": sitting.title, "statements": len(sitting.statements),
            "divisions": len(sitting.divisions)}
    lines = [json.dumps(head, ensure_ascii=False)]
    for st in sitting.statements:
        sp = st.speaker
        row = {"seq": st.seq, "kind": st.kind, "time": st.time, "lang": st.language,
               "order": st.order_of_business, "subject": st.subject, "stage": st.stage,
               "type": st.intervention_type, "pids": st.paragraph_ids}
        if sp is not None:
            row["speaker"] = {k: v for k, v in (
                ("label", sp.label), ("name", sp.name), ("honorific", sp.honorific),
                ("riding", sp.riding), ("party", sp.party), ("role", sp.role), ("dbid", sp.dbid),
                ("generic", sp.generic or None)) if v is not None}
        if st.bills:
            row["bills"] = st.bills
        row["text"] = {"chars": len(st.text), "sha1": hashlib.sha1(st.text.encode()).hexdigest()[:12],
                       "start": st.text[:80]}
        lines.append(json.dumps(row, ensure_ascii=False))
    for div in sitting.divisions:
        lines.append(json.dumps({"division": div.number, "subject": div.subject, "totals": div.totals,
                                 "votes": len(div.votes)}, ensure_ascii=False))
    return lines


@pytest.mark.parametrize("name", FIXTURES)
def test_parse_matches_golden_file(name, update_golden):
    path = need(HANSARD_FIXTURES / name)
    lines = snapshot(parse_sitting(path.read_bytes(), f"https://www.ourcommons.ca/fixture/{name}"))
    golden = GOLDEN / (Path(name).stem + ".jsonl")
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    assert golden.exists(), f"no golden file {golden}: run pytest {__file__} --update-golden"
    expected = golden.read_text(encoding="utf-8").splitlines()
    for n, (got, want) in enumerate(zip(lines, expected)):
        assert got == want, f"{golden.name} line {n + 1} differs:\n  got  {got}\n  want {want}"
    assert len(lines) == len(expected), f"{golden.name}: {len(lines)} lines, golden has {len(expected)}"
