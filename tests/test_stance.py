"""Stance component: clear cases on real text, the gate, the labelled set, and the SQL views."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest
from lxml import etree

from crawlers.safe_xml import make_parser
from nlp import stance
from tests.conftest import EXCERPTS, HANSARD_FIXTURES, SEED, SHARED, need

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


@pytest.mark.parametrize("text", [
    "The U.S. does not guarantee the safety of refugees.",  # "U.S." before a space
    "The US is not safe for many refugees.",
    "Sending claimants back to the U.S.-run detention system is wrong.",
    "Les États-Unis ne sont pas un pays sûr pour les réfugiés.",
])
def test_the_united_states_in_every_spelling_is_a_context_term(text):
    # in a document about the agreement, what a speaker says of the United States' safety is
    # about the agreement's premise; "U.S." followed by a space never matched the old pattern
    assert not stance.passes_gate(text)
    assert stance.passes_gate(text, context=True)


def test_the_pronoun_us_is_no_context_term():
    assert not stance.passes_gate("Let us work together on this bill.", context=True)


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


def test_reported_positions_are_recognised_and_not_chosen_as_evidence():
    cfg = stance.load_config()
    assert stance.is_reported("The minister says the safe third country agreement is working.")
    assert stance.is_reported("The government's position is that the agreement stays.")
    assert not stance.is_reported("The safe third country agreement must be suspended.")
    sents = ["The minister says the safe third country agreement is working.",
             "It is not: the agreement must be suspended."]
    # the reported sentence has more support, but the speaker's own words are the evidence
    assert stance.evidence(sents, stance.np.array([0.9, 0.6]), cfg) == sents[1]
    assert stance.evidence(sents[:1], stance.np.array([0.9]), cfg) == sents[0]
    assert stance.evidence([], stance.np.array([]), cfg) is None


def test_temperature_scales_the_probabilities_and_is_fitted_on_log_loss():
    from nlp.stance_train import fit_temperature, reliability

    head = stance.StanceHead(["keep", "none"], stance.np.eye(2), stance.np.zeros(2))
    x = stance.np.array([[2.0, 0.0]])
    sharp, soft = head.proba(x)[0, 0], head.proba(x, temperature=2.0)[0, 0]
    assert 0.5 < soft < sharp < 1.0
    # over-confident logits (right only 3 times in 5) are softened: the fitted temperature > 1
    logits = [(["keep", "none"], stance.np.array([4.0, 0.0]))] * 5
    assert fit_temperature(logits, ["keep"] * 3 + ["none"] * 2) > 1.0
    assert fit_temperature(logits, ["keep"] * 5) == 0.5  # always right: the sharpest allowed
    table = reliability([0.95, 0.92, 0.5], [True, False, True])
    assert table == [{"bin": "0.4-0.6", "n": 1, "mean_score": 0.5, "accuracy": 1.0},
                     {"bin": "0.9-1.0", "n": 2, "mean_score": 0.935, "accuracy": 0.5}]


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
    assert stance.cue_text(text, cfg).endswith("Scrap it.")
    assert stance.cue_features([text], cfg)[0, suspend] > 0
    # in a document about the agreement, "suspend it" counts without naming it
    bare = "We said it before. Suspend it now."
    assert stance.cue_features([bare], cfg)[0, suspend] == 0
    assert stance.cue_features([bare], cfg, [True])[0, suspend] > 0


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


# ---------------------------------------------------------------- the committed artefact
def test_committed_head_matches_the_code_and_reproduces_its_card():
    from nlp import stance_data
    from nlp.stance_train import feature_key, sample_predictions

    card = json.loads((stance.MODEL_DIR / "card.json").read_text(encoding="utf-8"))
    head = stance.load_head()
    assert head.key == card["feature_key"] == feature_key()
    assert head.temperature == card["temperature"]
    rows = stance_data.corpus_rows()
    if not rows:
        pytest.skip("../shared/fixtures/corpus not found: cannot reproduce the card's sample")
    got = {p["id"]: p for p in sample_predictions(rows, head)}
    assert len(card["sample"]) >= 30
    for want in card["sample"]:
        assert got[want["id"]]["stance"] == want["stance"], want["id"]
        assert abs(got[want["id"]]["stance_score"] - want["stance_score"]) < 0.02


@pytest.mark.slow
def test_a_clean_checkout_rebuilds_the_committed_head_from_the_same_rows():
    """The head is trained on committed data only (issue 14): the rows a checkout finds have
    the card's data hash and the manifest's ids and text hashes, and retraining on them gives
    the committed coefficients, so `stcawatch train-stance` reproduces the artefact."""
    import hashlib

    from nlp import stance_data
    from nlp.stance_train import train_head

    card = json.loads((stance.MODEL_DIR / "card.json").read_text(encoding="utf-8"))
    rows = stance_data.all_rows()
    if not stance_data.corpus_rows():
        pytest.skip("../shared/fixtures/corpus not found: the corpus rows are read from it")
    assert stance_data.rows_hash(rows) == card["data_sha1"]
    manifest = [json.loads(line) for line in (stance.MODEL_DIR / "training_manifest.jsonl")
                .read_text(encoding="utf-8").splitlines() if line.strip()]
    real = {r["id"]: hashlib.sha1(r["text"].encode()).hexdigest() for r in rows
            if r["source"] != "constructed"}
    assert {m["id"]: m["text_sha1"] for m in manifest} == real
    assert all(m["url"] for m in manifest if m["source"] == "gathered")
    head = stance.load_head()
    rebuilt = train_head(rows)
    assert rebuilt.classes == head.classes
    assert np.abs(rebuilt.coef - head.coef).max() < 1e-3
    assert np.abs(rebuilt.intercept - head.intercept).max() < 1e-3


def test_a_head_built_for_other_features_is_refused(tmp_path):
    spec = json.loads((stance.MODEL_DIR / "head.json").read_text(encoding="utf-8"))
    stale = tmp_path / "head.json"
    stale.write_text(json.dumps(spec | {"key": "0" * 16}), encoding="utf-8")
    assert stance.load_head(str(stale)).key == "0" * 16  # an explicit file is the caller's choice
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(stance.StanceModelError, match="broken.json"):
        stance.StanceHead.load(broken)


def test_training_card_counts_real_rows_and_the_manifest_passes_the_provenance_check():
    import subprocess
    import sys

    card = json.loads((stance.MODEL_DIR / "card.json").read_text(encoding="utf-8"))
    real = sum(n for k, n in card["rows"].items() if not k.startswith("constructed/"))
    constructed = sum(n for k, n in card["rows"].items() if k.startswith("constructed/"))
    assert real > 2 * constructed  # constructed rows do not dominate
    for part in card["cv"].values():
        assert part["rows"]["real"] >= 150 and part["all"]["n"] == part["rows"]["real"]
        assert part["reliability"] and sum(b["n"] for b in part["reliability"]) <= part["rows"]["real"]
    check = SHARED / "eval" / "check_provenance.py"
    done = subprocess.run([sys.executable, str(need(check)),
                           str(stance.MODEL_DIR / "training_manifest.jsonl")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert "0 row(s)" in done.stdout


# ---------------------------------------------------------------- held-out real statements
HELD_OUT = ("en-pr-ndp-2019-03-15-kwan", "en-pr-ircc-2021-04-15-appeal-granted",
            "en-news-2023-02-21-poilievre-fraser", "en-news-cbc-2023-03-roxham-crackdown",
            "fr-news-lapresse-2023-06-16-cour-supreme", "fr-pr-bloc-2020-03-20-normandin")


@pytest.fixture(scope="module")
def held_out():
    """A head trained on the checkout's rows without the six test documents (no gathered
    rows: CI does not have them), and the labelled statements of those documents."""
    from nlp import stance_data
    from nlp.stance_train import train_head

    rows = stance_data.all_rows(gathered=False)
    test = [r for r in rows if r["source"] == "corpus" and r["group"][len("corpus:"):] in HELD_OUT]
    if not test:
        pytest.skip("../shared/fixtures/corpus not found")
    head = train_head([r for r in rows if r not in test])
    return head, test


def _statement(test, doc, starts):
    return next(r for r in test if r["group"] == f"corpus:{doc}" and r["text"].startswith(starts))


def _classify(head, row):
    [out] = stance.classify_texts([row["text"]], head, context=row["context"])
    return out


@pytest.mark.slow
@pytest.mark.parametrize("doc, starts, label", [
    ("en-pr-ndp-2019-03-15-kwan", "Suspending the STCA", "suspend"),  # party press statement
    ("en-news-2023-02-21-poilievre-fraser", "to close Roxham Road", "extend"),  # close Roxham
], ids=["party-press-statement-calling-to-suspend", "call-to-close-roxham-road"])
def test_unseen_calls_for_a_change_get_their_position(held_out, doc, starts, label):
    head, test = held_out
    row = _statement(test, doc, starts)
    assert row["label"] == label and _classify(head, row)["stance"] == label


@pytest.mark.slow
def test_unseen_minister_defending_the_agreement_after_the_appeal_is_keep(held_out):
    head, test = held_out
    row = _statement(test, "en-pr-ircc-2021-04-15-appeal-granted", "The STCA has served Canada well")
    out = _classify(head, row)
    assert row["label"] == "keep" and out["stance"] == "keep"
    assert "served Canada well" in out["stance_evidence"]


@pytest.mark.slow
def test_unseen_news_report_of_the_closed_crossing_is_none(held_out):
    head, test = held_out
    rows = [r for r in test if r["group"] == "corpus:en-news-cbc-2023-03-roxham-crackdown"]
    assert len(rows) >= 8 and {r["label"] for r in rows} == {"none"}
    assert any("no longer an option" in r["text"] for r in rows)
    assert {_classify(head, r)["stance"] for r in rows} == {"none"}


@pytest.mark.slow
def test_unseen_french_statements_with_a_position_get_their_label(held_out):
    head, test = held_out
    court = _statement(test, "fr-news-lapresse-2023-06-16-cour-supreme", "L'Entente sur les tiers pays sûrs est constitutionnelle")
    bloc = _statement(test, "fr-pr-bloc-2020-03-20-normandin", "Cette situation")
    assert (court["label"], bloc["label"]) == ("keep", "suspend")
    assert _classify(head, court)["stance"] == "keep"
    assert _classify(head, bloc)["stance"] == "suspend"


@pytest.mark.slow
def test_french_documents_go_through_the_stance_component():
    from nlp.extract import extract_records

    rows = [json.loads(line) for line in need(SHARED / "fixtures" / "corpus" / "stca_texts.jsonl")
            .read_text(encoding="utf-8").splitlines() if line.strip()]
    rec = next(r for r in rows if r["id"] == "fr-pr-bloc-2020-03-20-normandin")
    [out] = extract_records([{k: rec[k] for k in ("id", "text", "url", "language")}])
    assert out["statements"] and all("stance" in s for s in out["statements"])
    assert any(s["stance"] == "suspend" for s in out["statements"])


def test_gathered_statements_need_url_label_and_text_and_are_used_once(tmp_path):
    from nlp.stance_data import gathered_rows

    row = {"id": "a", "url": "https://example.test/a", "language": "fr", "genre": "hansard",
           "speaker": "X", "text": "Il faut suspendre l'Entente.", "label": "suspend",
           "doc_about_stca": True}
    first, second = tmp_path / "stance_gathered.jsonl", tmp_path / "stance_gathered_2.jsonl"
    first.write_text(json.dumps(row) + "\n" + json.dumps(row | {"id": "b", "url": None}) + "\n")
    second.write_text(json.dumps(row | {"id": "c", "text": "  Il faut suspendre  l'Entente. "}) + "\n"
                      + json.dumps(row | {"id": "d", "label": "maybe", "text": "Autre."}) + "\n")
    rows = gathered_rows([first, second])
    assert [r["id"] for r in rows] == ["gathered:a"]
    assert rows[0]["source_type"] == "parliament" and rows[0]["context"] is True


# ---------------------------------------------------------------- committed gathered statements
REPRODUCIBLE = {"hansard", "senate_hansard", "government", "party", "ngo"}


def _url_key(url: str) -> str:
    u = re.sub(r"^www\.", "", re.sub(r"^https?://", "", url.strip().lower()))
    return u.split("#")[0].split("?")[0].rstrip("/")


def test_committed_gathered_statements_are_read_with_their_url_and_a_fixed_split(tmp_path, monkeypatch):
    """nlp/data/stance_gathered.jsonl: real statements from sources that permit reproduction,
    each with its URL; the training rows go to gathered_rows() (and all_rows), the held-out
    rows (a third of the URLs by hash, never a text the committed head's data overlaps) only
    to heldout_rows()."""
    import hashlib

    from nlp import stance_data

    lines = [json.loads(line) for line in stance_data.GATHERED.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    assert len(lines) >= 40 and len({r["id"] for r in lines}) == len(lines)
    for r in lines:
        assert r["url"].startswith("http") and r["text"].strip() and r["speaker"], r["id"]
        assert r["label"] in stance_data.LABELS and r["language"] in ("en", "fr"), r["id"]
        assert r["source_kind"] in REPRODUCIBLE, r["id"]  # news texts stay outside the repo
        held = int(hashlib.sha1((r.get("split_key") or _url_key(r["url"])).encode()).hexdigest(), 16) % 3 == 0
        assert r["split"] == ("heldout" if held and not r.get("seen_by_committed") else "train"), r["id"]
    train, held = stance_data.gathered_rows(), stance_data.heldout_rows()
    assert {r["id"] for r in train} == {f"gathered:{r['id']}" for r in lines if r["split"] == "train"}
    assert {r["id"] for r in held} == {f"gathered:{r['id']}" for r in lines if r["split"] == "heldout"}
    assert held and {r["language"] for r in train} == {"en", "fr"}
    assert {r["source_type"] for r in train} >= {"press", "parliament"}
    ids = {r["id"] for r in stance_data.all_rows(gathered=True)}
    assert {r["id"] for r in train} <= ids and not ({r["id"] for r in held} & ids)
    assert not ({r["id"] for r in held} & {r["id"] for r in stance_data.all_rows(gathered=False)})


def test_committed_gathered_statements_pass_the_provenance_check():
    import subprocess
    import sys

    from nlp import stance_data

    check = need(SHARED / "eval" / "check_provenance.py")
    done = subprocess.run([sys.executable, str(check), str(stance_data.GATHERED)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert "0 row(s)" in done.stdout


def test_a_refused_suspension_counts_for_keep_not_for_suspend():
    """A cue inside a longer cue of another label counts only for the longer one: "will not
    suspend" is the keep cue, not also the suspend cue it contains."""
    cfg = stance.load_config()
    labels = [label for label, _ in cfg.cues]
    [row] = stance.cue_features(["The government will not suspend the Safe Third Country Agreement."], cfg)
    assert row[labels.index("keep")] > 0 and row[labels.index("suspend")] == 0
    [row] = stance.cue_features(["Le gouvernement ne va pas suspendre l'Entente sur les tiers pays sûrs."], cfg)
    assert row[labels.index("keep")] > 0 and row[labels.index("suspend")] == 0
    [row] = stance.cue_features(["We call on the government to suspend the Safe Third Country Agreement."], cfg)
    assert row[labels.index("suspend")] > 0 and row[labels.index("keep")] == 0


def test_a_reported_refusal_to_suspend_in_real_news_is_a_keep_cue():
    """The corpus article on Poilievre (2023-02-21): he 'does not consider it "necessary" to
    suspend the Safe Third Country Agreement'."""
    texts = {json.loads(line)["id"]: json.loads(line)["text"]
             for line in need(SHARED / "fixtures" / "corpus" / "stca_texts.jsonl").open(encoding="utf-8")}
    text = texts["en-news-2023-02-21-poilievre-fraser"]
    start = text.index("He also does not consider it")
    sentence = text[start:text.index(".", start) + 1]
    cfg = stance.load_config()
    labels = [label for label, _ in cfg.cues]
    [row] = stance.cue_features([sentence], cfg)
    assert row[labels.index("keep")] > 0
    assert row[labels.index("suspend")] == cfg.cue_weight  # "withdraw from it" only, not "to suspend"


@pytest.mark.parametrize("text, label", [
    # real sentences of the CCR's 2006 submission release (gathered set A, read): the head gave
    # `keep` to the first and `none` to the statement holding the second (session 23)
    ("Developments in the US over the past two years mean that the US can no longer properly be "
     "considered a safe third country, if it ever was,", "suspend"),
    ("The submission argues that the United States can no longer be considered a safe third country "
     "for refugees.", "suspend"),
    ("Nombre de demandeurs d’asile ne sont pas en sécurité aux États-Unis.", "suspend"),
    # CUPE's release (set D, read) and NUPGE's (set N, read)
    ("the U.S. does not in fact guarantee the safety of refugees", "suspend"),
    ("It’s clear the assumption that the U.S. is a safe country for asylum seekers is no longer "
     "accurate.", "suspend"),
    ("Les États-Unis ne sont plus un pays sûr pour les réfugiés.", "suspend"),
    # someone else's position, a question, the U.S. as safe, safety of something else: none fixed
    ("Critics say the U.S. is no longer a safe country.", None),
    ("Is the United States not a safe country for refugees?", None),
    ("The U.S. remains a safe country under the agreement.", None),
    ("The border is not safe in winter, the RCMP warns families.", None),
])
def test_a_definite_sentence_fixes_the_position_by_the_label_definition(text, label):
    found = stance.definite_position(text, stance.load_config())
    assert (found[0] if found else None) == label


def test_a_definite_sentence_overrides_none_or_keep_of_the_head_never_extend():
    """classify_texts: the head's `keep` on the CCR sentence becomes `suspend` with the sentence
    as evidence; an `extend` statement keeps its label."""
    texts = ["Developments in the US over the past two years mean that the US can no longer properly "
             "be considered a safe third country, if it ever was.",
             "Close the loophole at Roxham Road: the U.S. is not a safe country and the agreement "
             "must cover the whole border."]
    out = stance.classify_texts(texts, context=True)
    assert out[0]["stance"] == "suspend" and "no longer properly" in out[0]["stance_evidence"]
    assert out[0]["stance_score"] >= stance.DEFINITE_SCORE
    assert out[1]["stance"] == "extend"


def test_the_agreement_misnamed_safe_third_party_agreement_is_on_topic_and_its_call_is_suspend():
    """NUPGE's real release (gathered set N, read) names the "Safe Third Party Agreement": the
    document passes the gate, and its president's "the assumption that the U.S. is a safe country
    ... is no longer accurate. The agreement should be put on hold ..." is `suspend` (the head
    alone read the sentence as `keep`, session 22)."""
    from nlp.extract import extract_records
    from tests.conftest import gathered_row

    row = gathered_row("N", "nupge-us-no-longer-safe-haven")
    assert stance.passes_gate(row["text"])
    [out] = extract_records([{k: row[k] for k in ("id", "text", "url", "language")}])
    labels = {st["stance"] for st in out["statements"] if st["speaker"] == "Larry Brown"}
    assert labels == {"suspend"}, [(st["speaker"], st["stance"]) for st in out["statements"]]
