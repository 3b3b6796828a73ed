"""SQL views that make the researcher queries short, written on the base tables only.

They depend only on store/schema.py's base tables, so Datasette, the canned queries in
metadata.yml and the weekly digest work whichever NLP helpers have filled the database.
``register()`` adds them to ``store.schema.VIEWS``; ``ensure_db_shape`` creates them.
"""
from __future__ import annotations

from nlp.topic import load_topic

# ISO-8601 week ("2018-W18") of a YYYY-MM-DD date, for SQLite < 3.46 (no %G/%V):
# the ISO week is the week of that date's Thursday.
_THURSDAY = "date({col}, '-3 days', 'weekday 4')"


def iso_week_sql(col: str) -> str:
    thu = _THURSDAY.format(col=col)
    return (f"printf('%s-W%02d', strftime('%Y', {thu}), "
            f"(cast(strftime('%j', {thu}) as integer) - 1) / 7 + 1)")


def stca_match_sql(col: str) -> str:
    """SQL that is true when ``col`` holds one of the topic's ``mentions`` (nlp/data/topic.yaml)."""
    terms = [t.replace("'", "''") for t in load_topic()["mentions"]]
    return "(" + " or ".join(f"(' ' || lower({col})) like '%{t}%'" for t in terms) + ")"


VIEWS: dict[str, str] = {
    # Every statement with its venue (parliament / press), party, month and source link; the
    # French copy of a sitting whose English publication is stored is left out (same speeches).
    "statements_sourced": f"""
select
  s.id, s.date, substr(s.date, 1, 7) as month, {iso_week_sql('s.date')} as week,
  case when d.kind in ('hansard', 'committee') then 'parliament' else 'press' end as venue,
  d.kind as document_kind, d.chamber, d.outlet, d.title as document_title, d.committee,
  s.speaker_id, coalesce(sp.name, s.speaker_name) as speaker, sp.kind as speaker_kind,
  coalesce(s.speaker_party, sp.party) as party, coalesce(s.speaker_role, sp.role) as role,
  s.kind, s.stance, s.stance_score, s.text,
  {stca_match_sql('s.text')} as mentions_stca,
  coalesce(s.url, d.url) as source_url, s.paragraph_ids, s.paragraph,
  s.document_id, coalesce(d.synthetic, 0) as synthetic
from statements s
left join documents d on d.id = s.document_id
left join speakers sp on sp.id = s.speaker_id
where d.translation_of is null
""",
    # The researcher's first screen: statements about the STCA (naming it, or taking a position),
    # newest first, with who, where, the position and the source link; no plumbing columns.
    "stca_statements": """
select date, speaker, party, role, coalesce(chamber, outlet, venue) as said_in, venue,
  coalesce(stance, 'not read') as stance, round(stance_score, 2) as confidence,
  text, source_url, kind, synthetic, id
from statements_sourced
where speaker is not null and kind != 'procedural' and kind != 'interjection'
  and (mentions_stca = 1 or stance in ('suspend', 'extend', 'keep'))
order by date desc, id
""",
    # Statements that take a position (stance other than none) counted per party and month.
    "stance_by_party_month": """
select month, coalesce(party, '(none)') as party, stance,
  count(*) as statements, count(distinct speaker_id) as speakers,
  round(avg(stance_score), 3) as mean_score
from statements_sourced
where stance is not null and stance != 'none' and month is not null
group by month, coalesce(party, '(none)'), stance
""",
    # Per speaker: each statement whose position differs from the same speaker's previous one.
    "speaker_stance_changes": """
select * from (
  select speaker_id, speaker, party, date, week, venue, stance,
    lag(stance) over w as previous_stance, lag(date) over w as previous_date,
    lag(source_url) over w as previous_source_url,
    id as statement_id, text, source_url
  from statements_sourced
  where speaker_id is not null and stance in ('suspend', 'extend', 'keep')
  window w as (partition by speaker_id order by date, id)
) where previous_stance is not null and previous_stance != stance
""",
    # Every figure with its month, week, venue and source link.
    "figures_sourced": f"""
select f.id, f.date, substr(f.date, 1, 7) as month, {iso_week_sql('f.date')} as week,
  case when f.value = cast(f.value as integer) then cast(f.value as integer) else f.value end as value,
  f.unit, f.qualifier, f.measure, f.period, f.place, f.source,
  coalesce(f.speaker, sp.name) as speaker, f.speaker_id, f.text,
  case when d.kind in ('hansard', 'committee') then 'parliament' else 'press' end as venue,
  d.outlet, coalesce(f.url, d.url) as source_url, f.paragraph, f.statement_id, f.document_id,
  lower(trim(coalesce(f.measure, ''))) || '|' || coalesce(f.unit, '') || '|'
    || coalesce(f.period, '') || '|' || lower(coalesce(f.place, '')) as figure_key
from figures f
left join documents d on d.id = f.document_id
left join speakers sp on sp.id = f.speaker_id
""",
    # The most recent figure (by period, then publication date) for each measure/unit/place.
    "latest_figures": """
select * from (
  select figures_sourced.*, row_number() over (
    partition by lower(trim(coalesce(measure, ''))), coalesce(unit, ''), lower(coalesce(place, ''))
    order by coalesce(period, '') desc, date desc, id) as rank_in_measure
  from figures_sourced where measure is not null and measure != ''
) where rank_in_measure = 1
""",
    # News articles counted per outlet and ISO week.
    "articles_per_outlet_week": f"""
select {iso_week_sql('date')} as week, coalesce(outlet, '(unknown)') as outlet,
  count(*) as articles, sum(coalesce(relevant, 0)) as relevant_articles,
  min(date) as first_date, max(date) as last_date
from documents
where kind not in ('hansard', 'committee') and date is not null
group by week, coalesce(outlet, '(unknown)')
""",
}


def register(views: dict | None = None) -> dict:
    """Add these views to ``store.schema.VIEWS`` (idempotent); return that dict."""
    if views is None:
        from store import schema

        views = schema.VIEWS
    for name, sql in VIEWS.items():
        views.setdefault(name, sql)
    return views
