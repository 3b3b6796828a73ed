"""Would a learned scope decision fix figure periods? (issue 21; a benchmark, not adopted.)

For every matched required figure of the label sets, the candidate periods are listed: the rules'
choice (``nlp/figures.py``), the period of the figure's own clause, each period of its sentence,
the period a coordinated figure claims, the document's running period and day, and "none". Each
candidate gets features (origin, direction, distance, figures and comparison words between, kind,
granularity) and a logistic regression picks one. Scores: grouped CV over the read sets A–D by
document, then the model trained on A–D on each later set. "reachable": the share of figures with
a gold period whose gold period is among the candidates at all. Only aggregates are printed, so
the unread set (F) stays unread.

Result on 4 Dec 2026 (session 13), before E was read: A–D CV ranker 0.905 against the rules'
0.959 (74 figures with a gold period); E ranker 0.542, rules 0.583, reachable 14 of 24. The
errors are periods the reader does not find, not choices between periods it found. After E's
rules (E read since): F, unread, rules 25 and ranker 25 of 32, reachable 27.

    python -m bench.period_scope ../shared
"""
from __future__ import annotations

import collections
import math
import random
import re
import sys
from pathlib import Path


def _candidates(F, f, ctx, k):
    """(value, features) for each distinct candidate period of figure ``f`` (after the rules)."""
    from nlp.figures import _shared_period
    from nlp.periods import Period  # noqa: F401  (the objects in ctx.periods)

    text, s0, s1 = ctx.text, f.sent.start_char, f.sent.end_char
    span = F.period_key
    cands = {}

    def add(value, origin, p=None):
        c = cands.setdefault(span(value) if value else None, {"value": value, "origins": set(), "periods": []})
        c["origins"].add(origin)
        if p is not None:
            c["periods"].append(p)

    add(f.period, "rules")
    own = ctx.claimed.get(id(f))
    if own is not None and own.value:
        add(own.value, "own", own)
    sentence_periods = [p for p in ctx.periods if s0 <= p.start < s1 and p.value and p.kind in ("absolute", "day")]
    for p in sentence_periods:
        add(p.value, "sentence", p)
    if ctx.period:
        add(ctx.period, "document")
    if ctx.day:
        add(ctx.day, "day")
    shared = _shared_period(f, ctx, k)
    if shared:
        add(shared, "shared")
    add(None, "none")
    others = [q for q in ctx.sentence if q is not f]
    unit = "pct" if f.unit == "percent" else "money" if f.unit in ("CAD", "USD") else "count"
    out = []
    for key, c in cands.items():
        x = {f"origin={o}": 1 for o in c["origins"]} | {f"unit={unit}": 1}
        if key is None:
            x["none"] = 1
        else:
            v = c["value"]
            x["gran=" + ("range" if "/" in v else "day" if v.count("-") == 2 else "month" if "-" in v else "year")] = 1
            if not c["periods"]:
                x["outside_sentence"] = 1
            else:
                p = min(c["periods"], key=lambda p: abs(p.start - f.num.start))
                after = p.start >= f.num.end
                a, b = (f.num.end, p.start) if after else (p.end, f.num.start)
                between = text[a:b]
                n_between = sum(1 for q in others if a <= q.num.start < b)
                x["after" if after else "before"] = 1
                x["distance"] = math.log1p(max(0, b - a)) / 5
                x["figures_between"] = min(n_between, 3) / 3
                x["adjacent"] = int(n_between == 0)
                x["strong_punct"] = int(bool(re.search(r"[;:]|\s[—–-]\s", between)))
                x["comma"] = int("," in between)
                x["comparison"] = int(bool(k["_cmp_re"].search(between)))
                x["kind=" + p.kind] = 1
                same = [q for q in sentence_periods if (q.start >= f.num.end) == after]
                x["nearest_that_side"] = int(bool(same) and min(same, key=lambda q: abs(q.start - f.num.start)) is p)
        out.append((c["value"], x))
    return out


def collect(shared: Path) -> list[tuple]:
    """(document id, set, [(features, correct)], rules correct, has a gold period) per matched
    required figure."""
    import nlp.figures as F
    from bench.figure_quality import _system, half

    sys.path.insert(0, str(shared / "eval"))
    from score import period_span  # the scorer's own month-granularity comparison

    F.period_key = period_span
    attributes, to_dict = F._attributes, F._to_dict

    def with_candidates(doc, f, prev, nxt, ctx, k):
        attributes(doc, f, prev, nxt, ctx, k)
        f.extra["period_candidates"] = _candidates(F, f, ctx, k)

    F._attributes = with_candidates
    F._to_dict = lambda f, *a: to_dict(f, *a) | {"_candidates": f.extra.get("period_candidates", [])}
    try:
        _, gold, system = _system(shared)
    finally:
        F._attributes, F._to_dict = attributes, to_dict
    by_doc = {s["doc_id"]: s["figures"] for s in system}
    data = []
    for d in gold:
        sys_f, used = list(by_doc.get(d["id"], [])), set()
        for g in d["figures"]:
            cands = [i for i, f in enumerate(sys_f) if i not in used
                     and abs(float(f["value"]) - g["value"]) <= 0.005 * abs(g["value"]) + 1e-9]
            if not cands:
                continue
            i = max(cands, key=lambda i: (period_span(sys_f[i].get("period")) == period_span(g.get("period")))
                    + ((sys_f[i].get("place") or "") == (g.get("place") or "")))
            used.add(i)
            if g.get("optional"):
                continue
            want = period_span(g.get("period"))
            items = [(x, int((period_span(v) if v else None) == want)) for v, x in sys_f[i]["_candidates"]]
            data.append((d["id"], half(d["id"]), items, period_span(sys_f[i].get("period")) == want, want is not None))
    return data


def _fit(rows):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X = [x for *_, items, _, _ in rows if any(t for _, t in items) for x, _ in items]
    y = [t for *_, items, _, _ in rows if any(t for _, t in items) for _, t in items]
    vec = DictVectorizer()
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(vec.fit_transform(X), y)
    return vec, model


def _evaluate(rows, vec, model) -> dict:
    c = collections.Counter()
    for *_, items, rules_ok, has_period in rows:
        if not has_period:
            continue
        p = model.predict_proba(vec.transform([x for x, _ in items]))[:, 1]
        c["figures"] += 1
        c["rules"] += rules_ok
        c["ranker"] += items[int(p.argmax())][1]
        c["reachable"] += any(t for _, t in items)
    return dict(c)


def run(shared: Path) -> dict:
    data = collect(shared)
    read = [r for r in data if r[1] in "ABCD"]
    docs = sorted({r[0] for r in read})
    random.Random(7).shuffle(docs)
    fold = {d: i % 5 for i, d in enumerate(docs)}
    cv = collections.Counter()
    for f in range(5):
        vec, model = _fit([r for r in read if fold[r[0]] != f])
        cv.update(_evaluate([r for r in read if fold[r[0]] == f], vec, model))
    out = {"A-D grouped CV": dict(cv)}
    vec, model = _fit(read)
    for name in sorted({r[1] for r in data} - set("ABCD")):
        out[name] = _evaluate([r for r in data if r[1] == name], vec, model)
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")), indent=2))
