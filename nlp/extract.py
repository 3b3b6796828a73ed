"""Turn text records into the extraction schema of ../shared/eval/SCHEMA.md."""
from __future__ import annotations

import itertools
import logging
from typing import Iterable, Iterator

from .language import record_language
from .model import load_nlp

log = logging.getLogger(__name__)


def make_docs(nlp, records: Iterable[dict]):
    """Tokenise each record and attach it as ``doc._.meta`` so components see speaker/date/url."""
    for record in records:
        doc = nlp.make_doc(record.get("text") or "")
        doc._.meta = record
        yield doc


def _stca_components(nlp) -> tuple[str, ...]:
    return tuple(name for name in nlp.pipe_names if name.startswith("stca_"))


def extract_records(records: Iterable[dict], nlp=None, batch_size: int = 16,
                    n_process: int = 1) -> Iterator[dict]:
    """Yield {"doc_id", "statements", "figures"} for each {"id", "text", ...} record, in order.

    Each record goes to the pipeline of its language (nlp.language.record_language): ``nlp``
    (default: the English one) reads the records of its own language, the others load their
    language's model, with the same stcawatch components, when the first such record arrives.
    Consecutive records of one language are batched together."""
    pipelines = {}
    if nlp is not None:
        pipelines[nlp.lang] = nlp

    def pipeline(lang: str):
        if lang not in pipelines:
            base = pipelines.get("en") or next(iter(pipelines.values()), None)
            components = _stca_components(base) if base is not None else None
            pipelines[lang] = load_nlp(components, lang=lang)
        return pipelines[lang]

    for lang, group in itertools.groupby(records, key=record_language):
        nlp_ = pipeline(lang)
        # a text over the model's max_length (spaCy E088) is skipped by name, in its place:
        # the records around it are still read, in input order
        for too_long, run in itertools.groupby(group, key=lambda r: len(r.get("text") or "") > nlp_.max_length):
            if too_long:
                for record in run:
                    yield too_long_result(record, nlp_.max_length)
                continue
            for doc in nlp_.pipe(make_docs(nlp_, run), batch_size=batch_size, n_process=n_process):
                yield {
                    "doc_id": doc._.meta.get("id"),
                    "statements": list(doc._.statements or []),
                    "figures": list(doc._.figures or []),
                }


def too_long_result(record: dict, limit: int) -> dict:
    """The result of a record whose text is over the NLP limit: empty, with the reason."""
    where = record.get("url") or record.get("id")
    reason = (f"{where}: text of {len(record.get('text') or ''):,} characters is over the NLP "
              f"limit ({limit:,}); skipped")
    log.error("%s", reason)
    return {"doc_id": record.get("id"), "statements": [], "figures": [], "error": reason}
