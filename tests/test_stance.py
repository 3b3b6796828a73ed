"""Stance component: clear cases on real text, the gate, the labelled set, and the SQL views."""
from __future__ import annotations

import json
import re

import pytest
from lxml import etree

from crawlers.safe_xml import make_parser
from nlp import stance
from tests.conftest import EXCERPTS, HANSARD_FIXTURES, SEED, need

XML = make_parser(recover=True)


def excerpt(eid: str) -> dict:
    for line in need(EXCERPTS).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["id"] == eid:
            return rec
    pytest.fail(f"{EXCERPTS}: no excerpt {eid}")


def interventions(name: str) -> list[dict]:
    root = etree.parse(str(need(HANSARD_FIXTURES / name)), XML).getroot()
    out = []
    for iv in root.iter("Intervention"):
        aff = iv.find(".//Affiliation")
        paras = [" ".join("".join(p.itertext()).split()) for p in iv.iter("ParaText")]
        out.append({"id": iv.get("id"), "dbid": aff.get("DbId") if aff is not None else None,
                    "speaker": " ".join("".join(aff.itertext()).split()) if aff is not None else "",
                    "text": "\n".join(p for p in paras if p)})
    return out


# ---------------------------------------------------------------- pure parts, no model
def test_config_comes_from_topic_yaml():
    cfg = stance.load_config()
    assert set(cfg.labels) == {"suspend", "extend", "keep", "none"}
    assert all(len(d) > 30 for d in cfg.labels.values())


def test_gate_sends_off_topic_hansard_to_none_without_the_encoder(monkeypatch):
    ivs = [iv for iv in interventions("44-1-303-en.xml") if iv["text"]][:40]
    assert not any(stance.passes_gate(iv["text"]) for iv in ivs)
    calls = []
    monkeypatch.setattr(stance, "embed", lambda texts: calls.append(texts) or stance.np.zeros(0))
    out = stance.classify_texts([iv["text"] for iv in ivs])
    assert calls == []
    assert {r["stance"] for r in out} == {"none"} and all(r["stance_evidence"] is None for r in out)


def test_context_terms_only_count_inside_an_on_topic_document():
    text = "This agreement has failed refugees and the government should let it go."
    assert not stance.passes_gate(text)
    assert stance.passes_gate(text, context=True)


def test_a_reported_change_to_the_agreement_is_a_none_cue_not_an_extend_cue():
    cfg = stance.load_config()
    labels = [label for label, _ in cfg.cues]
    fact, want = stance.cue_features([
        "The expanded Safe Third Country Agreement took effect on Saturday, after the agreement was amended.",
        "We must extend the agreement and apply it along the whole border."], cfg)
    assert fact[labels.index("none")] > 0 and fact[labels.index("extend")] == 0
    assert want[labels.index("extend")] > 0 and want[labels.index("none")] == 0


def test_sentence_split_keeps_honorifics_and_us():
    text = "I met Mr. Seidu Mohammed. He crossed from the U.S. in winter. It was cold."
    sents = [text[s:e] for s, e in stance.split_sentences(text)]
    assert sents == ["I met Mr. Seidu Mohammed.", "He crossed from the U.S. in winter.",
                     "It was cold."]


def test_reported_positions_are_recognised_and_left_out_of_the_focus_text():
    cfg = stance.load_config()
    assert stance.is_reported("The minister says the safe third country agreement is working.")
    assert stance.is_reported("The government's position is that the agreement stays.")
    assert not stance.is_reported("The safe third country agreement must be suspended.")
    text = ("The minister says the safe third country agreement is working. "
            "It is not: the agreement must be suspended.")
    focus = stance.focus_text(text, cfg)
    assert not cfg.reported_in_focus and focus == "It is not: the agreement must be suspended."
    only_reported = "Critics say the safe third country agreement should be scrapped."
    assert stance.focus_text(only_reported, cfg) == only_reported  # never an empty focus


def test_one_sentence_needs_sentence_threshold_but_the_whole_text_only_threshold():
    import dataclasses

    cfg = dataclasses.replace(stance.load_config(), threshold=0.5, sentence_threshold=0.6,
                              reported_weight=1.0)
    head = stance.StanceHead(["extend", "keep", "none", "suspend"], stance.np.zeros((4, 1)),
                             stance.np.zeros(4))
    sent = ["The agreement makes sure claimants who first arrive in the U.S. are returned."]
    low = stance.np.array([[0.1, 0.55, 0.3, 0.05]])
    doc_none = stance.np.array([0.1, 0.2, 0.6, 0.1])
    assert stance.decide(head, doc_none, low, sent, cfg)["stance"] == "none"
    high = stance.np.array([[0.05, 0.7, 0.2, 0.05]])
    out = stance.decide(head, doc_none, high, sent, cfg)
    assert out["stance"] == "keep" and out["stance_evidence"] == sent[0]
    doc_keep = stance.np.array([0.1, 0.55, 0.3, 0.05])
    assert stance.decide(head, doc_keep, low, sent, cfg)["stance"] == "keep"


def test_cue_phrases_count_only_near_a_mention_of_the_agreement():
    cfg = stance.load_config()
    suspend = [lab for lab, _ in cfg.cues].index("suspend")
    ivs = [iv for iv in interventions("HAN102-E.xml") if re.search(r"revok", iv["text"], re.I)]
    if not ivs:
        pytest.fail("HAN102-E.xml: no intervention about revoking citizenship")
    revoke = next(s for iv in ivs for s in
                  (iv["text"][a:b] for a, b in stance.split_sentences(iv["text"]))
                  if re.search(r"revok", s, re.I) and not re.search(r"agreement|deal", s, re.I))
    assert stance.cue_features([revoke], cfg)[0, suspend] == 0  # citizenship, not the STCA
    text = "People are losing fingers to frostbite because of this agreement. Scrap it."
    spans = stance.split_sentences(text)
    assert stance.sentence_cue_texts(text, spans, cfg)[1] == "Scrap it."
    assert stance.cue_features(["Scrap it."], cfg, ["Scrap it."])[0, suspend] > 0


def test_cross_validation_groups_rows_by_source_document():
    from nlp.stance_train import group_of

    a = {"id": "excerpt:news-00:0-82", "file": "fixtures/excerpts/x.jsonl", "excerpt_id": "news-00"}
    b = {"id": "excerpt:news-01:0-65", "file": "fixtures/excerpts/x.jsonl", "excerpt_id": "news-01"}
    c = {"id": "hansard:43-1-44-en.xml#1", "file": "43-1-44-en.xml"}
    d = {"id": "hansard:43-1-44-en.xml#2", "file": "43-1-44-en.xml"}
    assert group_of(a) != group_of(b) and group_of(c) == group_of(d)
    assert group_of({"id": "constructed:keep-1"}) == "constructed:keep-1"


def test_labelled_set_is_large_split_and_keeps_news_text_out_of_the_repo():
    rows = [json.loads(line) for line in
            (stance.DATA / "stance_labels.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 300
    assert {r["split"] for r in rows} == {"train", "heldout"}
    assert {r["label"] for r in rows} == {"suspend", "extend", "keep", "none"}
    for row in rows:
        if row["source"] == "excerpt":
            assert "text" not in row and row["end"] > row["start"]
        else:
            assert row["text"]
    heldout = {r["id"] for r in rows if r["split"] == "heldout"}
    assert len(heldout) >= 60 and len({r["id"] for r in rows}) == len(rows)


# ---------------------------------------------------------------- the model on real text
@pytest.mark.slow
def test_ndp_member_calling_for_suspension_is_suspend():
    rec = excerpt("parl-03")  # Randall Garrison (NDP), House, 2020-02-06
    [result] = stance.classify_texts([rec["excerpt"]], context=True)
    assert result["stance"] == "suspend"
    assert "suspend" in result["stance_evidence"].lower() or "terminate" in result["stance_evidence"]


@pytest.mark.slow
def test_conservative_calling_for_whole_border_port_of_entry_is_extend():
    text = need(SEED).read_text(encoding="utf-8")
    para = next(p for p in text.split("\n") if "official port of entry" in p and "Rempel" in p)
    quote = re.search(r"“([^”]+)”[^“]*“([^”]+)”", para)
    [result] = stance.classify_texts([quote.group(2)], context=True)
    assert result["stance"] == "extend"


@pytest.mark.slow
def test_senator_defending_the_agreement_is_keep():
    rec = excerpt("parl-16")
    harder = rec["excerpt"][rec["excerpt"].index("Hon. Peter Harder"):]
    [result] = stance.classify_texts([harder], context=True)
    assert result["stance"] == "keep"
    assert "model" in result["stance_evidence"] or "served" in result["stance_evidence"]


@pytest.mark.slow
def test_procedural_remarks_in_an_stca_sitting_are_none():
    ivs = interventions("43-1-44-en.xml")  # the sitting with the STCA exchange
    procedural = [iv["text"] for iv in ivs
                  if re.match(r"(Order, please|.{0,40}point of order)", iv["text"])]
    assert len(procedural) >= 2
    assert {r["stance"] for r in stance.classify_texts(procedural, context=True)} == {"none"}


@pytest.mark.slow
def test_news_reports_of_what_the_agreement_does_are_none():
    seed = need(SEED).read_text(encoding="utf-8")
    paras = [p for p in seed.split("\n") if p.startswith(("Concerns over the agreement",
                                                          "The U.S. Department of Homeland"))]
    news03 = excerpt("news-03")["excerpt"]  # La Presse, March 2023: the agreement extended
    paras += [p for p in news03.split("\n") if p.startswith((
        "The Safe Third Country Agreement will therefore", "The policy will apply", "If these people"))]
    assert len(paras) == 5
    assert [r["stance"] for r in stance.classify_texts(paras, context=True)] == ["none"] * 5


@pytest.mark.slow
def test_component_on_a_speech_record_without_statements():
    from nlp.extensions import install_extensions
    from nlp.model import load_nlp

    install_extensions()
    nlp = load_nlp(("stca_stance",))
    rec = excerpt("parl-03")
    doc = nlp.make_doc(rec["excerpt"])
    doc._.meta = {"id": "parl-03", "speaker": "Randall Garrison"}
    doc = nlp.get_pipe("stca_stance")(doc)
    [st] = doc._.statements
    assert st["speaker"] == "Randall Garrison" and st["stance"] == "suspend"
    assert 0.5 <= st["stance_score"] <= 1.0
    assert st["stance_evidence"] in rec["excerpt"]


# ---------------------------------------------------------------- views on a real-data db
@pytest.fixture
def stance_db(db_path):
    from store import schema
    from store.stance_views import register_stance_views

    register_stance_views()
    database = schema.open_db(db_path)
    yield database
    database.close()


def _party(affiliation: str) -> str | None:
    m = re.search(r",\s*([^,()]+)\)\s*$", affiliation)
    return m.group(1).strip() if m else None


def test_stance_views_per_month_party_and_changes(stance_db):
    db = stance_db
    seed = need(SEED).read_text(encoding="utf-8")
    rempel_2018 = next(p for p in seed.split("\n") if "official port of entry" in p)
    rempel_2017 = excerpt("parl-02")["excerpt"]
    garrison = excerpt("parl-03")["excerpt"]
    db["documents"].insert_all([{"id": "d1", "kind": "test"}, {"id": "d2", "kind": "test"},
                                {"id": "d3", "kind": "test"}], pk="id")
    db["speakers"].insert_all([{"id": "rempel", "name": "Michelle Rempel", "party": "CPC"},
                               {"id": "garrison", "name": "Randall Garrison", "party": "NDP"}],
                              pk="id")
    rows = [("d1/0001", "d1", "rempel", "Michelle Rempel", "CPC", "2017-09-26", rempel_2017, "keep"),
            ("d2/0001", "d2", "rempel", "Michelle Rempel", "CPC", "2018-05-01", rempel_2018, "extend"),
            ("d2/0002", "d2", "rempel", "Michelle Rempel", "CPC", "2018-05-01", "Thank you.", "none"),
            ("d3/0001", "d3", "garrison", "Randall Garrison", "NDP", "2020-02-06", garrison, "suspend")]
    db["statements"].insert_all([
        {"id": i, "document_id": d, "speaker_id": s, "speaker_name": n, "speaker_party": p,
         "date": dt, "text": t, "stance": lab, "stance_score": 0.8, "stance_evidence": t[:80]}
        for i, d, s, n, p, dt, t, lab in rows], pk="id")
    months = {(r["speaker_id"], r["month"]): r for r in db["stance_speaker_month"].rows}
    assert months[("rempel", "2018-05")]["statements"] == 2
    assert months[("rempel", "2018-05")]["position"] == "extend"
    assert months[("rempel", "2017-09")]["position"] == "keep"
    party = {(r["party"], r["month"]): r for r in db["stance_party_month"].rows}
    assert party[("NDP", "2020-02")]["suspend"] == 1 and party[("NDP", "2020-02")]["position"] == "suspend"
    [change] = list(db["stance_changes"].rows)
    assert (change["from_statement"], change["to_statement"]) == ("d1/0001", "d2/0001")
    assert (change["from_stance"], change["to_stance"]) == ("keep", "extend")


def test_division_party_positions_from_a_real_division(stance_db):
    db = stance_db
    name = "44-1-200-en.xml"
    root = etree.parse(str(need(HANSARD_FIXTURES / name)), XML).getroot()
    parties = {}
    for iv in interventions(name):
        if iv["dbid"] and _party(iv["speaker"]):
            parties.setdefault(iv["dbid"], _party(iv["speaker"]))
    division = next(root.iter("Division"))
    votes = [(" ".join("".join(a.itertext()).split()), a.get("DbId"), group.get("vote-type"))
             for group in division.iter("DivisionType") for a in group.iter("Affiliation")]
    db["documents"].insert({"id": "hoc-44-1-200-en", "kind": "hansard"}, pk="id")
    db["speakers"].insert_all([{"id": f"p{d}", "name": d} for d in parties], pk="id")
    db["speaker_affiliations"].insert_all([
        {"speaker_id": f"p{d}", "document_id": "hoc-44-1-200-en", "date": "2023-05-01",
         "party": p, "dbid": d} for d, p in parties.items()], pk=("speaker_id", "document_id"))
    div_id = f"hoc-44-1-200-en/d{int(division.get('DivisionNumber')):04d}"
    db["divisions"].insert({"id": div_id, "document_id": "hoc-44-1-200-en",
                            "number": int(division.get("DivisionNumber")), "motion": "drug policy"},
                           pk="id")
    db["division_votes"].insert_all([{"division_id": div_id, "name": n, "riding": "", "vote": v,
                                      "dbid": d} for n, d, v in votes],
                                    pk=("division_id", "name", "riding"))
    rows = list(db["division_party_positions"].rows)
    assert sum(r["yeas"] for r in rows) == sum(v == "Yeas" for _, _, v in votes) > 0
    assert sum(r["nays"] for r in rows) == sum(v == "Nays" for _, _, v in votes) > 0
    assert all(r["stca_related"] == 0 for r in rows)
    for r in rows:
        expected = "yea" if r["yeas"] > r["nays"] else "nay" if r["nays"] > r["yeas"] else "split"
        assert r["position"] == expected
    known = [r for r in rows if r["party"] != "unknown"]
    assert len(known) >= 2  # members who spoke that day carry their party into the vote


@pytest.mark.slow
def test_build_is_reproducible_and_reports_a_heldout_confusion_matrix(tmp_path):
    from nlp.stance_train import build_stance_model, ensure_model

    need(EXCERPTS)
    cached = json.loads((ensure_model() / "head.json").read_text(encoding="utf-8"))
    out = build_stance_model(tmp_path / "stance")
    fresh = json.loads((out / "head.json").read_text(encoding="utf-8"))
    assert fresh["classes"] == cached["classes"] and fresh["key"] == cached["key"]
    assert stance.np.allclose(fresh["coef"], cached["coef"], atol=1e-3)
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    held = metrics["heldout"]["all"]
    assert held["n"] >= 100
    assert sum(sum(row.values()) for row in held["matrix"].values()) == held["n"]
    assert held["macro_f1"] >= 0.7
