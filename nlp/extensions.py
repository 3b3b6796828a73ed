"""Custom Doc attributes shared by the stcawatch components, registered once."""
from spacy.tokens import Doc


def install_extensions() -> None:
    """Register Doc._.statements / figures / meta / attributions (idempotent)."""
    for name, default in (("statements", None), ("figures", None), ("meta", None), ("attributions", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
