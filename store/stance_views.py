"""SQL views over statement stances and Commons divisions (registered into store.schema.VIEWS).

Call ``register_stance_views()`` before ``ensure_db_shape``. Views, not tables, so they are
always consistent with the statements the NLP step wrote and need no refresh:

* ``stance_speaker_month`` - per speaker and month: statements, counts per label, the dominant
  position (most frequent non-none label, ties broken by mean confidence).
* ``stance_party_month`` - the same per party (``statements.speaker_party``).
* ``stance_changes`` - each time a speaker's position (non-none) differs from their previous
  positioned statement, with both statements (ids, dates, labels, evidence).
* ``division_party_positions`` - per recorded division and party: yeas, nays, paired and the
  party's majority vote, with a flag for STCA-related motions (terms below), so divisions can
  be read as a signal of party positions next to what members said.

None of them counts the French copy of a sitting whose English publication is stored
(``documents.translation_of``): its interventions and divisions are the same ones.
"""
from __future__ import annotations

from . import schema

# statements and divisions of a document that is not a translation copy
ORIGINAL_SQL = "document_id not in (select id from documents where translation_of is not null)"

# motions/subjects that concern the agreement or the crossings it governs
STCA_MOTION_SQL = (
    "(lower(coalesce(d.motion,'') || ' ' || coalesce(d.subject,'')) like '%safe third country%'"
    " or lower(coalesce(d.motion,'') || ' ' || coalesce(d.subject,'')) like '%roxham%'"
    " or lower(coalesce(d.motion,'') || ' ' || coalesce(d.subject,'')) like '%border crossing%'"
    " or lower(coalesce(d.motion,'') || ' ' || coalesce(d.subject,'')) like '%tiers pays s%')"
)

_COUNTS = """
  count(*) as statements,
  sum(stance = 'suspend') as suspend,
  sum(stance = 'extend') as extend,
  sum(stance = 'keep') as keep,
  sum(stance = 'none' or stance is null) as none,
  avg(case when stance in ('suspend','extend','keep') then stance_score end) as mean_score"""

_DOMINANT = """
  case
    when coalesce(suspend, 0) + coalesce(extend, 0) + coalesce(keep, 0) = 0 then 'none'
    when suspend >= extend and suspend >= keep then 'suspend'
    when extend >= keep then 'extend'
    else 'keep'
  end as position"""

VIEWS = {
    "stance_speaker_month": f"""
select speaker_id, speaker_name, speaker_party, month, statements, suspend, extend, keep, none,
  mean_score, {_DOMINANT}
from (
  select speaker_id, max(speaker_name) as speaker_name, max(speaker_party) as speaker_party,
    substr(date, 1, 7) as month, {_COUNTS}
  from statements
  where speaker_id is not null and date is not null and {ORIGINAL_SQL}
  group by speaker_id, substr(date, 1, 7)
)""",
    "stance_party_month": f"""
select party, month, speakers, statements, suspend, extend, keep, none, mean_score, {_DOMINANT}
from (
  select coalesce(speaker_party, 'unknown') as party, substr(date, 1, 7) as month,
    count(distinct speaker_id) as speakers, {_COUNTS}
  from statements
  where speaker_id is not null and date is not null and {ORIGINAL_SQL}
  group by coalesce(speaker_party, 'unknown'), substr(date, 1, 7)
)""",
    "stance_changes": f"""
select speaker_id, speaker_name, speaker_party,
  prev_id as from_statement, prev_date as from_date, prev_stance as from_stance,
  prev_evidence as from_evidence,
  id as to_statement, date as to_date, stance as to_stance, stance_evidence as to_evidence
from (
  select s.*,
    lag(id) over w as prev_id, lag(date) over w as prev_date,
    lag(stance) over w as prev_stance, lag(stance_evidence) over w as prev_evidence
  from statements s
  where speaker_id is not null and stance in ('suspend', 'extend', 'keep') and {ORIGINAL_SQL}
  window w as (partition by speaker_id order by date, id)
)
where prev_stance is not null and prev_stance != stance""",
    "division_party_positions": f"""
select division_id, number, date, subject, motion, stca_related, party,
  sum(vote = 'Yeas') as yeas, sum(vote = 'Nays') as nays, sum(vote = 'Paired') as paired,
  case when sum(vote = 'Yeas') > sum(vote = 'Nays') then 'yea'
       when sum(vote = 'Nays') > sum(vote = 'Yeas') then 'nay' else 'split' end as position
from (
  select d.id as division_id, d.number, d.date, d.subject, d.motion,
    {STCA_MOTION_SQL} as stca_related, v.vote,
    coalesce(sp.party,
             (select a.party from speaker_affiliations a
              where a.dbid = v.dbid and v.dbid is not null and a.party is not null
              order by a.date desc limit 1),
             'unknown') as party
  from divisions d
  join division_votes v on v.division_id = d.id
  left join speakers sp on sp.id = v.speaker_id
  where d.{ORIGINAL_SQL}
)
group by division_id, party""",
}


def register_stance_views(views: dict | None = None) -> dict:
    """Add the stance/division views to ``schema.VIEWS`` (idempotent); returns the dict."""
    target = schema.VIEWS if views is None else views
    # the division view reads division_votes.dbid (filled by store/load.py)
    columns = schema.TABLES["division_votes"]["columns"]
    columns.setdefault("dbid", str)
    target.update(VIEWS)
    return target
