"""Cross-source consistency of figures: the same measure, place and period across documents.

``check_figures(db)`` groups rows of the ``figures`` table by (measure class, unit, place,
period), writes one ``figure_groups`` row per group reported by two or more *stories* (a
document, or all the wire copies of one story: ``documents.dup_group``), and flags a group as
conflicting when two stories disagree: none of the values one reports fits any value the other
reports, once rounding and the qualifiers are allowed for ("more than 20,000" fits 20,593;
"nearly 900" fits 884). So one speech citing two budgets is never a conflict with itself, and a
document citing one of them agrees with it. The ``conflicting_figures`` view lists the figures of
conflicting groups side by side, each with its sentence and source, for Datasette.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import re
from pathlib import Path

import sqlite_utils
import yaml

from . import schema
from .load import write_transaction

DATA = Path(__file__).resolve().parent.parent / "nlp" / "data" / "figures.yaml"

FIGURE_GROUPS = {
    "columns": {
        "id": str, "measure_key": str, "unit": str, "place": str, "period": str,
        "n_figures": int, "n_documents": int, "min_value": float, "max_value": float,
        "low": float, "high": float, "conflict": int, "figure_ids": str, "document_ids": str,
        "values": str, "checked_at": str,
    },
    "pk": "id",
}

CONFLICTING_FIGURES_SQL = """
select g.id as group_id, g.measure_key, g.unit, g.place, g.period, g.n_documents,
       f.value, f.qualifier, f.measure, f.source, f.speaker, f.document_id, f.date, f.url,
       f.text, f.id as figure_id
from figure_groups g
join json_each(g.figure_ids) j
join figures f on f.id = j.value
where g.conflict = 1
order by g.measure_key, g.period, g.place, f.value
"""


def register_schema() -> None:
    """Add figure_groups and the conflicting_figures view to store/schema.py's shape."""
    schema.TABLES.setdefault("figure_groups", FIGURE_GROUPS)
    schema.VIEWS.setdefault("conflicting_figures", CONFLICTING_FIGURES_SQL)


@functools.lru_cache(maxsize=1)
def _knowledge() -> tuple[list[tuple[str, list[str]]], dict[str, str]]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    classes = list(data.get("measure_classes", {}).items())
    places = {alias.lower(): name for name, aliases in data["places"].items() for alias in aliases}
    places.update({name.lower(): name for name in data["places"]})
    return classes, places


def measure_key(measure: str | None, unit: str | None, sentence: str | None = None) -> str:
    """'asylum claimants intercepted by the RCMP' -> 'interceptions'; falls back to the unit."""
    classes, _ = _knowledge()
    for text in (measure, sentence):
        words = re.findall(r"[\w']+", (text or "").lower())
        for name, prefixes in classes:
            if any(w.startswith(p) for w in words for p in prefixes):
                return name
    return unit or "unknown"


def unit_key(unit: str | None) -> str:
    """People, interceptions, claims and cases are all counts: compare them, not percentages."""
    unit = (unit or "").strip()
    if unit in ("percent", "CAD", "USD", "days", "months"):
        return unit
    return "count"


def place_key(place: str | None) -> str:
    """Canonical place name ('B.C.' -> 'British Columbia'); '' is national scope."""
    if not place:
        return ""
    _, places = _knowledge()
    return places.get(place.strip().lower(), place.strip())


def rounding(value: float) -> float:
    """Half the unit a round number was probably rounded to: 20,000 -> 500, 884 -> 0.5."""
    if value == 0 or value != int(value):
        return 0.05 * abs(value)
    v, zeros = int(abs(value)), 0
    while v % 10 == 0 and v:
        v //= 10
        zeros += 1
    if zeros == 0:
        return 0.5
    digits = len(str(int(abs(value))))
    # 20,000 is "20 thousand": allow half of the last significant digit's unit, at most 5 %
    return min(10 ** zeros / 2, 0.05 * abs(value)) if digits - zeros <= 2 else 10 ** zeros / 2


def interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a reported figure is consistent with."""
    r = rounding(value)
    q = (qualifier or "").lower()
    if q == "more than":
        return value - r, math.inf
    if q == "less than":
        return 0.0, value + r
    if q == "up to":
        return 0.0, value + r
    if q == "nearly":
        return value * 0.9 - r, value + r
    if q == "about":
        return value * 0.9 - r, value * 1.1 + r
    return value - r, value + r


def group_rows(rows: list[dict]) -> dict[tuple, list[dict]]:
    """Figures keyed by (measure class, unit, place, period); rows without a period are skipped."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        if row.get("value") is None or not row.get("period"):
            continue
        key = (measure_key(row.get("measure"), row.get("unit"), row.get("text")),
               unit_key(row.get("unit")), place_key(row.get("place")), row["period"])
        groups.setdefault(key, []).append(row)
    return groups


def check_group(rows: list[dict]) -> tuple[float, float, bool]:
    """(low, high, conflict): the range every report allows; conflict when it is empty."""
    low = max(interval(float(r["value"]), r.get("qualifier"))[0] for r in rows)
    high = min(interval(float(r["value"]), r.get("qualifier"))[1] for r in rows)
    return low, high, low > high


def _consistent(a: dict, b: dict) -> bool:
    (a_low, a_high), (b_low, b_high) = (interval(float(r["value"]), r.get("qualifier")) for r in (a, b))
    return max(a_low, b_low) <= min(a_high, b_high)


def stories_disagree(rows: list[dict]) -> bool:
    """True when two stories of a group disagree: no value of one fits any value of the other.

    ``rows`` carry ``story`` (the document, or its wire-copy group), ``value`` and ``qualifier``;
    values within one story never conflict with each other (a part and its total, a budget and
    the amount spent)."""
    stories: dict[str, list[dict]] = {}
    for row in rows:
        stories.setdefault(row.get("story") or row["document_id"], []).append(row)
    values = list(stories.values())
    return any(not any(_consistent(a, b) for a in s for b in t)
               for i, s in enumerate(values) for t in values[i + 1:])


def check_figures(db: sqlite_utils.Database) -> dict:
    """Rebuild figure_groups from the figures table; returns {"groups", "conflicts"}."""
    register_schema()
    schema.ensure_db_shape(db)
    rows = [dict(r) for r in db.query(
        "select f.id, f.document_id, coalesce(d.dup_group, f.document_id) as story, f.value, "
        "f.unit, f.qualifier, f.measure, f.period, f.place, f.text "
        "from figures f left join documents d on d.id = f.document_id")]
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    out = []
    for (mkey, unit, place, period), members in group_rows(rows).items():
        documents = sorted({m["document_id"] for m in members})
        if len({m["story"] for m in members}) < 2:
            continue
        low, high, _ = check_group(members)
        conflict = stories_disagree(members)
        gid = hashlib.sha1(json.dumps([mkey, unit, place, period]).encode()).hexdigest()[:16]
        out.append({
            "id": gid, "measure_key": mkey, "unit": unit, "place": place or None,
            "period": period, "n_figures": len(members), "n_documents": len(documents),
            "min_value": min(float(m["value"]) for m in members),
            "max_value": max(float(m["value"]) for m in members),
            "low": low, "high": None if math.isinf(high) else high, "conflict": int(conflict),
            "figure_ids": json.dumps(sorted(m["id"] for m in members)),
            "document_ids": json.dumps(documents),
            "values": json.dumps(sorted(float(m["value"]) for m in members)),
            "checked_at": now,
        })
    with write_transaction(db):
        db.execute("delete from figure_groups")
        if out:
            db["figure_groups"].insert_all(out, pk="id")
    return {"groups": len(out), "conflicts": sum(g["conflict"] for g in out)}


def _cli():
    import click

    @click.command("check-figures")
    @click.option("--db", "db_path", default="stcawatch.db", show_default=True,
                  type=click.Path(dir_okay=False), help="SQLite database with a figures table")
    def check_figures_command(db_path):
        """Group figures reporting the same measure/place/period and flag disagreements.

        Example: stcawatch check-figures --db stcawatch.db
        """
        db = schema.open_db(db_path)
        summary = check_figures(db)
        click.echo(f"{summary['groups']} cross-source groups, {summary['conflicts']} conflicting "
                   f"(see the conflicting_figures view)")

    return check_figures_command


check_figures_command = _cli()
