"""Where things are: the repository root and the shared material (``../shared``: fixtures,
evaluation sets, PolNeAR), in one place for the library, the benchmarks, the demo and the tests."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """``$STCAWATCH_SHARED``, else the ``shared`` folder beside the repository."""
    return Path(os.environ.get("STCAWATCH_SHARED", ROOT.parent / "shared"))
