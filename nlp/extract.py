"""Turn text records into the extraction schema of ../shared/eval/SCHEMA.md."""
from __future__ import annotations

from typing import Iterable, Iterator

from .model import load_nlp


def make_docs(nlp, records: Iterable[dict]):
    """Tokenise each record and attach it as ``doc._.meta`` so components see speaker/date/url."""
    for record in records:
        doc = nlp.make_doc(record.get("text") or "")
        doc._.meta = record
        yield doc


def extract_records(records: Iterable[dict], nlp=None, batch_size: int = 16,
                    n_process: int = 1) -> Iterator[dict]:
    """Yield {"doc_id", "statements", "figures"} for each {"id", "text", ...} record, in order."""
    nlp = nlp or load_nlp()
    for doc in nlp.pipe(make_docs(nlp, records), batch_size=batch_size, n_process=n_process):
        yield {
            "doc_id": doc._.meta.get("id"),
            "statements": list(doc._.statements or []),
            "figures": list(doc._.figures or []),
        }
