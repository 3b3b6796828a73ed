"""What a backfill crawls, as units of work (pure: no network, no database).

A unit is one crawl of one site: a House session (or a range of its sittings), a Senate
session, or one news archive listing. ``stcawatch backfill`` runs each site's units one after
another in their own ``stcawatch crawl`` process (so the site's politeness caps hold) and the
sites side by side, records each unit's outcome, and on a re-run does only what is left.

Range syntax (``--house``, ``--senate``): ``44-1`` (a session), ``42-1..44-1`` (every session
between two, from crawlers/data/sessions.yaml), ``44-1:1-50`` (sittings 1 to 50 of a session,
House only: the Senate spider reads its session index). A news archive is ``KEY=URL``: an outlet
of the sources file and one of its archive listings (a sitemap, sitemap index or feed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SESSIONS_FILE = Path(__file__).parent / "data" / "sessions.yaml"
SITES = ("hansard", "senate", "news")
RANGE = re.compile(r"^(\d+-\d+)\.\.(\d+-\d+)$")
SESSION = re.compile(r"^\d+-\d+(?::\d+(?:-\d+)?)?$")


class BackfillSpecError(ValueError):
    """A range or archive that cannot be read; the message names it and the accepted forms."""


@dataclass(frozen=True)
class Unit:
    site: str  # hansard | senate | news
    spec: str  # a session spec, or KEY=URL for news
    crawl_args: tuple[str, ...] = field(compare=False)

    @property
    def id(self) -> str:
        return f"{self.site}:{self.spec}"


def known_sessions(path: Path = SESSIONS_FILE) -> list[str]:
    return [s["id"] for s in yaml.safe_load(path.read_text(encoding="utf-8"))["sessions"]]


def expand_sessions(spec: str, sessions: list[str] | None = None) -> list[str]:
    """``42-1..43-2`` -> every known session from one to the other; ``44-1`` or
    ``44-1:1-50`` -> itself."""
    spec = spec.strip()
    sessions = sessions if sessions is not None else known_sessions()
    match = RANGE.match(spec)
    if match:
        first, last = match.groups()
        missing = [s for s in (first, last) if s not in sessions]
        if missing:
            raise BackfillSpecError(f"unknown session {missing[0]} in {spec!r} "
                                    f"(known: {sessions[0]} .. {sessions[-1]}, {SESSIONS_FILE.name})")
        i, j = sessions.index(first), sessions.index(last)
        if i > j:
            raise BackfillSpecError(f"{spec!r}: {first} comes after {last}")
        return sessions[i:j + 1]
    if SESSION.match(spec):
        return [spec]
    raise BackfillSpecError(f"bad session range {spec!r}: use PARL-SESS, PARL-SESS..PARL-SESS "
                            f"or PARL-SESS:FIRST-LAST")


def plan_units(house: list[str] = (), senate: list[str] = (), news: list[str] = (),
               sessions: list[str] | None = None) -> list[Unit]:
    """The units of a backfill, in order, each once."""
    units: list[Unit] = []
    for spec in house:
        for session in expand_sessions(spec, sessions):
            units.append(Unit("hansard", session, ("--spider", "hansard", "--session", session)))
    for spec in senate:
        for session in expand_sessions(spec, sessions):
            if ":" in session:
                raise BackfillSpecError(f"--senate {spec!r}: give whole sessions (the Senate "
                                        f"spider reads each session's Debates index)")
            units.append(Unit("senate", session, ("--spider", "senate", "--senate-session", session)))
    for archive in news:
        key, sep, url = archive.partition("=")
        if not sep or not key.strip() or not re.match(r"^https?://", url.strip()):
            raise BackfillSpecError(f"bad news archive {archive!r}: use OUTLET_KEY=URL "
                                    f"(an outlet of the sources file and an archive listing)")
        spec = f"{key.strip()}={url.strip()}"
        units.append(Unit("news", spec, ("--spider", "news", "--set", f"NEWS_ARCHIVE={spec}")))
    seen, unique = set(), []
    for unit in units:
        if unit.id not in seen:
            seen.add(unit.id)
            unique.append(unit)
    return unique


def seconds_left(done: dict[str, list[float]], remaining: dict[str, int]) -> float | None:
    """Estimated seconds until every site is done: each site's remaining units at the mean
    duration of its finished ones (sites run side by side, so the slowest site decides).
    None while a site with work left has finished nothing to measure."""
    estimates = []
    for site, left in remaining.items():
        if not left:
            continue
        durations = done.get(site) or []
        if not durations:
            return None
        estimates.append(left * sum(durations) / len(durations))
    return max(estimates, default=0.0)


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "unknown until a unit of each site has finished"
    seconds = int(round(seconds))
    if seconds < 90:
        return f"about {seconds} s"
    if seconds < 5400:
        return f"about {round(seconds / 60)} min"
    return f"about {seconds / 3600:.1f} h"
