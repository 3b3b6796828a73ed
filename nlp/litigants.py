"""Who challenges the agreement in court, read from one document (stance guideline rule 8).

A litigant asking a court to strike the STCA down holds `suspend` in everything it says about
the agreement, even where its words alone ("We are asking the court to look at the impact of
the Safe Third Country Agreement on women ...") name no position. Sentence by sentence the
head cannot see that; the document says it: "The Canadian Council for Refugees (CCR), Amnesty
International (AI) and The Canadian Council of Churches (CCC) ... initiated the legal
challenge". This module finds, for the statements of a document, which speakers are litigants:

* named as the agent of a challenge cue in a sentence about a court case (before the cue, or
  after "by" / "par" that follows it), by name, by the initials of the name, or, for a person,
  by the organisation or acronym of their role ("CCR President");
* a speaker whose name is a litigant noun ("the Applicants", "an individual litigant");
* a speaker whose own words say "we are challenging", "our challenge", "nous contestons".

Courts and governments are never litigants here (a court hears the challenge; a government
answers it). A court's own finding takes a position of its own (``court_finding``: rights
violated, `suspend`; the agreement lawful, `keep`). Cues and patterns: ``nlp/data/litigation.yaml``.
Pure text, no model."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .court_findings import court_name
from .speakers import strip_accents

DATA = Path(__file__).resolve().parent / "data" / "litigation.yaml"

# two or more capitalised words, joined by at most one function word ("Council for Refugees")
_ORG_RUN = re.compile(r"[A-ZÀ-Ý][\w’'-]*(?:\s+(?:(?:for|of|on|pour|des|de|du)\s+)?[A-ZÀ-Ý][\w’'-]*)+")
_ACRONYM = re.compile(r"\b[A-ZÀ-Ý]{2,6}\b")
_ARTICLE = re.compile(r"^(?:the|le|la|les|l['’])\s*", re.I)
_NOT_LITIGANT = re.compile(r"\b(?:government|gouvernement|minist(?:er|re|ry|ère)|crown|couronne|"
                           r"attorney general|procureur)\b", re.I)
_ROLE_ORG = re.compile(r"\b(?:of|for|with|at|de|du|des|à|au|chez)\s+(?:the\s+|la\s+|le\s+|l['’]\s*)?(.+)$", re.I)
_SENTENCE = re.compile(r"[^.!?;\n]+(?:[.!?;]+|$)")


@dataclass(frozen=True)
class LitigationConfig:
    cue: tuple
    case: tuple
    agent_after: re.Pattern
    not_agent: re.Pattern
    about_case: tuple
    score: float
    litigant_speaker: re.Pattern
    own_voice: tuple
    finding_keep: tuple = ()
    finding_suspend: tuple = ()


@functools.lru_cache(maxsize=2)
def load_config(path: str | Path = DATA) -> LitigationConfig:
    """Read ``litigation.yaml`` once; fail clearly if it is bad."""
    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return LitigationConfig(
            cue=tuple(re.compile(p, re.I) for p in spec["cue"]),
            case=tuple(re.compile(p, re.I) for p in spec["case"]),
            agent_after=re.compile(spec["agent_after"], re.I),
            not_agent=re.compile(spec["not_agent"], re.I),
            about_case=tuple(re.compile(p, re.I) for p in spec["about_case"]),
            score=float(spec["score"]),
            litigant_speaker=re.compile(spec["litigant_speaker"], re.I),
            own_voice=tuple(re.compile(p) for p in spec["own_voice"]),
            finding_keep=tuple(re.compile(p, re.I) for p in spec.get("finding_keep", [])),
            finding_suspend=tuple(re.compile(p, re.I) for p in spec.get("finding_suspend", [])),
        )
    except (OSError, KeyError, TypeError, re.error, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: bad or missing litigation patterns ({exc})") from exc


def _fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces: how names are compared."""
    return " ".join(strip_accents(text or "").replace("’", "'").lower().split())


_FUNCTION = {"for", "of", "on", "and", "the", "pour", "les", "des", "de", "du", "la", "le", "et", "l"}


def initials(name: str) -> str:
    """'Canadian Council for Refugees' -> 'CCR', 'Conseil canadien pour les réfugiés' -> 'CCR':
    the first letters of a capitalised name's words, its function words left out."""
    name = _ARTICLE.sub("", name.strip())
    if not name[:1].isupper():
        return ""
    words = [w for w in re.split(r"[\s'’-]+", name) if w and w.lower() not in _FUNCTION]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def agent_regions(text: str, cfg: LitigationConfig | None = None) -> list[str]:
    """The parts of the text's challenge sentences that name who brings the challenge: the
    sentence before its first cue, and what follows "by" / "par" after a cue."""
    cfg = cfg or load_config()
    regions = []
    for m in _SENTENCE.finditer(text or ""):
        sent = m.group(0)
        cues = sorted(c.start() for p in cfg.cue for c in p.finditer(sent))
        if not cues or not any(p.search(sent) for p in cfg.case):
            continue
        regions.append(sent[:cues[0]])
        after = cfg.agent_after.search(sent, cues[0])
        if after:
            regions.append(sent[after.end():])
    return [r for r in regions if r.strip() and not cfg.not_agent.search(r)]


def about_case(text: str, cfg: LitigationConfig | None = None) -> bool:
    """True when a statement speaks of the court case (court, ruling, appeal, stay, Charter)."""
    cfg = cfg or load_config()
    return any(p.search(text or "") for p in cfg.about_case)


def court_finding(text: str, cfg: LitigationConfig | None = None) -> tuple[str, int] | None:
    """The position a court's own words take (guideline rule 8), with where its words start:
    ``keep`` where it finds the agreement lawful or rights not violated ("these rights are not
    violated due to safety valves"), else ``suspend`` where it finds a violation ("l'ETPS
    violait les droits garantis"); None where it finds neither."""
    cfg = cfg or load_config()
    for label, patterns in (("keep", cfg.finding_keep), ("suspend", cfg.finding_suspend)):
        hit = next((m for p in patterns if (m := p.search(text or ""))), None)
        if hit:
            return label, hit.start()
    return None


def _names_in(region: str) -> set[str]:
    """Folded names and initials a region spells: its capitalised runs and their acronyms."""
    found = {_fold(a) for a in _ACRONYM.findall(region)}
    for run in _ORG_RUN.findall(region):
        found.add(_fold(_ARTICLE.sub("", run)))
        if initials(run):
            found.add(_fold(initials(run)))
    return found


def _spellings(statement: dict) -> set[str]:
    """How a statement's speaker may be named: its name and initials; for a person, the
    organisation of their role ("President of the Canadian Council for Refugees") and the
    acronyms in it ("CCR President")."""
    out = set()
    speaker = (statement.get("speaker") or "").strip()
    if speaker:
        out.add(_fold(_ARTICLE.sub("", speaker)))
        if initials(speaker):
            out.add(_fold(initials(speaker)))
    role = (statement.get("speaker_role") or "").strip()
    if role:
        out |= {_fold(a) for a in _ACRONYM.findall(role)}
        m = _ROLE_ORG.search(role)
        if m:
            org = re.split(r"['’]s\b|,", m.group(1))[0].strip()
            out.add(_fold(org))
            if initials(org):
                out.add(_fold(initials(org)))
    return {s for s in out if len(s) >= 2}


def _named_in(spellings: set[str], folded: str, region_names: set[str]) -> bool:
    """A spelling of the speaker is one of the region's names or initials, or (a name of
    several words) appears in the folded region."""
    for s in spellings:
        if s in region_names:
            return True
        if " " in s and re.search(rf"(?<!\w){re.escape(s)}(?!\w)", folded):
            return True
    return False


def litigant_statements(text: str, statements: list[dict],
                        cfg: LitigationConfig | None = None) -> dict[int, str]:
    """Indexes of the statements whose speaker the document names as bringing a court
    challenge, each with the sentence (or words) that says so."""
    cfg = cfg or load_config()
    regions = [(r, _fold(r), _names_in(r)) for r in agent_regions(text, cfg)]
    by_speaker: dict[str, str] = {}  # speaker -> the first words that name them a litigant
    for st in statements:
        speaker = (st.get("speaker") or "").strip()
        if (not speaker or speaker in by_speaker or _NOT_LITIGANT.search(speaker)
                or court_name(speaker)):
            continue
        if cfg.litigant_speaker.search(speaker):
            by_speaker[speaker] = speaker
            continue
        words = st.get("text") or ""
        own = next((m for p in cfg.own_voice if (m := p.search(words))), None)
        if own:
            by_speaker[speaker] = own.group(0)
            continue
        spell = _spellings(st)
        hit = next((r for r, folded, names in regions if _named_in(spell, folded, names)), None)
        if hit is not None:
            by_speaker[speaker] = hit.strip()
    return {i: by_speaker[st.get("speaker").strip()] for i, st in enumerate(statements)
            if (st.get("speaker") or "").strip() in by_speaker}
