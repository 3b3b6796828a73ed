"""Weekly digest against a real SMTP server on loopback (aiosmtpd)."""
from __future__ import annotations

import email
import shutil
import socket
import ssl
import subprocess
from email import policy

import pytest
import yaml
from click.testing import CliRunner

from tests import surface_data
from tests.conftest import HANSARD_FIXTURES, need

WEEK = "2020-W30"  # 20-26 July 2020: sitting 43-1-44 (22 July) and the fixture article


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every accepted message; scripted replies per recipient."""

    def __init__(self):
        self.messages: list[dict] = []
        self.replies: dict[str, list[str]] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        queue = self.replies.get(address)
        if queue:
            return queue.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                              "auth": session.authenticated,
                              "msg": email.message_from_bytes(envelope.content,
                                                              policy=policy.default)})
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if address in m["to"]]


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def speaker_id(db, name: str) -> str:
    return db.execute("select id from speakers where name = ?", [name]).fetchone()[0]


@pytest.fixture
def digest_db(tmp_path):
    from store.schema import open_db

    db = open_db(tmp_path / "stcawatch.db")
    facts = surface_data.build(db, need(HANSARD_FIXTURES / "43-1-44-en.xml"))
    yield db, facts
    db.close()


SUBSCRIBERS = {
    "from": "STCA Watch <digest@stcawatch.example.org>",
    "base_url": "https://watch.example.org",
    "unsubscribe": {"mailto": "unsubscribe@stcawatch.example.org",
                    "url": "https://watch.example.org/unsubscribe?token={token}"},
    "subscribers": [
        {"email": "all@example.org", "name": "Everything"},
        {"email": "ndp@example.org", "name": "NDP desk", "parties": ["NDP"],
         "keywords": ["safe third country"]},
    ],
}


@pytest.fixture
def config(tmp_path, monkeypatch):
    from surface.digest import load_config

    monkeypatch.setenv("STCAWATCH_UNSUBSCRIBE_SECRET", "test-secret")
    path = tmp_path / "subscribers.yaml"
    path.write_text(yaml.safe_dump(SUBSCRIBERS), encoding="utf-8")
    return load_config(path)


def run(db, config, port, **kw):
    from surface.delivery import run_digest
    from surface.mailer import Mailer, SmtpConfig

    return run_digest(db, WEEK, config, mailer=Mailer(SmtpConfig("127.0.0.1", port)), **kw)


def sent_rows(db):
    return {r["recipient"]: r for r in db.query("select * from digests_sent")}


def test_digest_parts_headers_and_content(digest_db, config, smtp):
    db, facts = digest_db
    inbox, port = smtp
    report = run(db, config, port)
    assert sorted(report.sent) == ["all@example.org", "ndp@example.org"]
    [received] = inbox.to("ndp@example.org")
    msg = received["msg"]
    assert received["from"] == "digest@stcawatch.example.org"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert facts["stca_speaker"] in text and facts["stca_speaker"] in html
    # NDP filter: every statement shown is by an NDP member and names the STCA
    assert text.count("(NDP) - House of Commons") >= 1 and "(Bloc Québécois)" not in text
    assert "HAN044-E.XML#" in text and 'href="https://www.ourcommons.ca/' in html
    assert "suspend" in text and "-> keep" in text  # the stance change, both sources
    assert msg["Message-ID"].startswith(f"<stcawatch-digest.{WEEK}.")
    unsub = msg["List-Unsubscribe"]
    assert unsub.startswith("<https://watch.example.org/unsubscribe?token=") and "mailto:" in unsub
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    everything = inbox.to("all@example.org")[0]["msg"].get_body(("plain",)).get_content()
    assert "CONFLICTING FIGURES" in everything and "75,000 individuals" in everything
    assert "(Bloc Québécois) - House of Commons" in everything  # what the NDP filter left out
    assert "Fixture Gazette" in everything  # top articles
    assert {r["status"] for r in sent_rows(db).values()} == {"sent"}


def test_never_sent_twice(digest_db, config, smtp):
    db, _ = digest_db
    inbox, port = smtp
    run(db, config, port)
    again = run(db, config, port)
    assert again.sent == [] and sorted(again.skipped) == ["all@example.org", "ndp@example.org"]
    assert len(inbox.messages) == 2
    ids = {m["msg"]["Message-ID"] for m in inbox.messages}
    from surface.digest import message_id

    assert message_id(WEEK, "all@example.org", "stcawatch.example.org") in ids


def test_temporary_failure_is_retried_next_run(digest_db, config, smtp):
    db, _ = digest_db
    inbox, port = smtp
    inbox.replies["ndp@example.org"] = ["451 4.3.0 Mailbox busy, try later"]
    first = run(db, config, port)
    assert first.failed == ["ndp@example.org"] and first.exit_code == 3
    row = sent_rows(db)["ndp@example.org"]
    assert row["status"] == "failed" and row["error"].startswith("451")
    second = run(db, config, port)
    assert second.sent == ["ndp@example.org"] and second.exit_code == 0
    assert len(inbox.to("ndp@example.org")) == 1 and len(inbox.to("all@example.org")) == 1
    assert sent_rows(db)["ndp@example.org"]["attempts"] == 2


def test_failure_is_retried_by_next_weeks_run(digest_db, config, smtp):
    from surface.delivery import run_with_retries
    from surface.mailer import Mailer, SmtpConfig

    db, _ = digest_db
    inbox, port = smtp
    inbox.replies["ndp@example.org"] = ["421 4.7.0 Too many connections"]
    assert run(db, config, port).failed == ["ndp@example.org"]
    reports = run_with_retries(db, "2020-W31", config, Mailer(SmtpConfig("127.0.0.1", port)))
    assert [r.week for r in reports] == [WEEK, "2020-W31"]
    assert reports[0].sent == ["ndp@example.org"]  # only the failed one is retried
    [msg] = inbox.to("ndp@example.org")
    assert msg["msg"]["Subject"].startswith(f"STCA Watch digest {WEEK}")
    assert len(inbox.to("all@example.org")) == 1  # W31 has nothing new: not sent


def test_permanent_failure_is_not_retried(digest_db, config, smtp):
    db, _ = digest_db
    inbox, port = smtp
    inbox.replies["ndp@example.org"] = ["550 5.1.1 No such user"]
    first = run(db, config, port)
    assert first.rejected == ["ndp@example.org"]
    second = run(db, config, port)
    assert "ndp@example.org" in second.skipped and not inbox.to("ndp@example.org")
    assert sent_rows(db)["ndp@example.org"]["status"] == "rejected"


def test_scraped_text_cannot_inject_markup_or_headers(digest_db, config, smtp):
    db, facts = digest_db
    inbox, port = smtp
    evil = "Evil\r\nBcc: victim@example.org\r\nX-Injected: yes"
    db["statements"].upsert({
        "id": "hoc-43-1-044-en/9999", "document_id": "hoc-43-1-044-en", "seq": 9999,
        "kind": "speech", "speaker_id": speaker_id(db, facts["stca_speaker"]),
        "speaker_name": evil, "speaker_party": "NDP\r\nSubject: pwned", "date": "2020-07-24",
        "text": 'The safe third country agreement <script>alert(1)</script>'
                '<a href="javascript:alert(2)">click</a> & "more"',
        "url": "javascript:alert(3)", "stance": "suspend", "stance_score": 0.99,
    }, pk="id")
    db.conn.commit()
    run(db, config, port)
    assert all(m["to"] in (["all@example.org"], ["ndp@example.org"]) for m in inbox.messages)
    msg = inbox.to("all@example.org")[0]["msg"]
    assert msg["Bcc"] is None and msg["X-Injected"] is None
    assert msg["Subject"].startswith(f"STCA Watch digest {WEEK}")
    html = msg.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html.replace("&#34;javascript:alert(2)&#34;", "")
    assert 'href="javascript' not in html
    text = msg.get_body(("plain",)).get_content()
    assert "<script>alert(1)</script>" in text  # plain text shows it verbatim, harmlessly
    assert "javascript:alert(3)" not in text  # a non-http source is not offered as a link
    # issue 20, defect 8: scraped CR/LF cannot forge lines in the text part
    lines = text.splitlines()
    assert not any(line.startswith(("Bcc:", "X-Injected:", "Subject: pwned")) for line in lines)
    assert any("NDP Subject: pwned" in line for line in lines)


def test_bidi_controls_do_not_reach_either_part(digest_db, config, smtp):
    """Issue 20, defect 8: U+202E (right-to-left override) and friends pass into both parts."""
    db, facts = digest_db
    inbox, port = smtp
    db["statements"].upsert({
        "id": "hoc-43-1-044-en/9998", "document_id": "hoc-43-1-044-en", "seq": 9998,
        "kind": "speech", "speaker_id": speaker_id(db, facts["stca_speaker"]),
        "speaker_name": "Mallory \u202egnp.exe\u2066", "speaker_party": "NDP\u202e\u200f",
        "date": "2020-07-24", "text": "The safe third country agreement \u202a must go \u2069.",
        "url": "https://example.org/x", "stance": "suspend", "stance_score": 0.98,
    }, pk="id")
    db.conn.commit()
    run(db, config, port)
    msg = inbox.to("all@example.org")[0]["msg"]
    for part in (msg.get_body(("html",)).get_content(), msg.get_body(("plain",)).get_content()):
        assert "must go" in part and "NDP" in part
        assert not any(ch in part for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def test_bad_addresses_in_config_are_refused(tmp_path):
    from surface.digest import header_text, load_config

    path = tmp_path / "subs.yaml"
    path.write_text(yaml.safe_dump({"from": "a@example.org", "subscribers": [
        {"email": "x@example.org\r\nBcc: y@example.org"}]}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"subs\.yaml: subscribers\[0\]"):
        load_config(path)
    assert header_text("A\r\nBcc: b") == "A Bcc: b"
    path.write_text(yaml.safe_dump({"from": "a@example.org", "subscribers": [
        {"email": "x@example.org"}, {"email": "X@Example.org"}]}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"subscribers\[1\]: X@Example.org is listed twice"):
        load_config(path)


def test_claim_is_exclusive(digest_db):
    from surface.delivery import claim

    db, _ = digest_db
    assert claim(db, WEEK, "a@example.org", "<id@x>") is True
    assert claim(db, WEEK, "a@example.org", "<id@x>") is False  # claimed: outcome unknown
    assert claim(db, WEEK, "b@example.org", "<id2@x>") is True


def test_dry_run_writes_eml_and_records_nothing(digest_db, config, tmp_path):
    from surface.delivery import run_digest

    db, _ = digest_db
    report = run_digest(db, WEEK, config, dry_run=True, out_dir=tmp_path / "eml")
    assert len(report.written) == 2
    parsed = email.message_from_bytes((tmp_path / "eml" / report.written[0].split("/")[-1])
                                      .read_bytes(), policy=policy.default)
    assert parsed.get_body(("html",)) is not None
    assert db.execute("select count(*) from digests_sent").fetchone()[0] == 0


def test_cli_sends_over_loopback(digest_db, smtp, tmp_path, monkeypatch):
    from surface.digest_cli import digest_command

    db, _ = digest_db
    inbox, port = smtp
    subs = tmp_path / "subscribers.yaml"
    subs.write_text(yaml.safe_dump(SUBSCRIBERS), encoding="utf-8")
    env = {"STCAWATCH_SMTP_HOST": "127.0.0.1", "STCAWATCH_SMTP_PORT": str(port)}
    args = ["--db", str(tmp_path / "stcawatch.db"), "--week", WEEK, "--subscribers", str(subs)]
    result = CliRunner().invoke(digest_command, args, env=env)
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 2
    assert CliRunner().invoke(digest_command, args, env=env).exit_code == 0
    assert len(inbox.messages) == 2
    bad = CliRunner().invoke(digest_command, [*args[:2], "--week", "2020-W99", *args[4:]], env=env)
    assert bad.exit_code == 2
    missing = CliRunner().invoke(digest_command, ["--db", str(tmp_path / "none.db"), *args[2:]],
                                 env=env)
    assert missing.exit_code == 2 and not (tmp_path / "none.db").exists()


def test_credentials_need_starttls():
    from surface.mailer import MailConfigError, SmtpConfig

    with pytest.raises(MailConfigError, match="STARTTLS"):
        SmtpConfig.from_env({"STCAWATCH_SMTP_USER": "u", "STCAWATCH_SMTP_PASSWORD": "p",
                             "STCAWATCH_SMTP_STARTTLS": "0"})
    cfg = SmtpConfig.from_env({"STCAWATCH_SMTP_USER": "u", "STCAWATCH_SMTP_PASSWORD": "p"})
    assert cfg.starttls and cfg.port == 587


@pytest.fixture
def tls_smtp(tmp_path):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    if not shutil.which("openssl"):
        pytest.skip("openssl CLI not found: cannot make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == (b"digest", b"s3cret")
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd replies 535

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), tls_context=context,
                            require_starttls=True, authenticator=authenticator,
                            auth_require_tls=True)
    controller.start()
    yield inbox, controller.port, str(cert)
    controller.stop()


def test_starttls_and_login(digest_db, config, tls_smtp):
    from surface.delivery import run_digest
    from surface.mailer import Mailer, MailConfigError, SmtpConfig

    db, _ = digest_db
    inbox, port, cafile = tls_smtp
    wrong = SmtpConfig("127.0.0.1", port, user="digest", password="nope", starttls=True,
                       cafile=cafile)
    with pytest.raises(MailConfigError, match="login refused"):
        run_digest(db, WEEK, config, mailer=Mailer(wrong))
    assert {r["status"] for r in sent_rows(db).values()} == {"failed"}  # retried next run
    good = SmtpConfig("127.0.0.1", port, user="digest", password="s3cret", starttls=True,
                      cafile=cafile)
    report = run_digest(db, WEEK, config, mailer=Mailer(good))
    assert sorted(report.sent) == ["all@example.org", "ndp@example.org"]
    assert len(inbox.messages) == 2 and all(m["auth"] for m in inbox.messages)
    untrusted = SmtpConfig("127.0.0.1", port, starttls=True)  # self-signed, no cafile
    with pytest.raises(MailConfigError, match="TLS failed"):
        Mailer(untrusted)._connect()


def test_conflicts_come_from_the_figure_checker_when_it_ran(digest_db, config, tmp_path):
    from store import figure_checks
    from surface.delivery import run_digest

    db, _ = digest_db
    figure_checks.register_schema()
    from store.schema import ensure_db_shape

    ensure_db_shape(db)
    assert figure_checks.check_figures(db)["conflicts"] >= 1
    report = run_digest(db, WEEK, config, dry_run=True, out_dir=tmp_path / "eml")
    everything = report.written[0]  # all@example.org: no filters
    msg = email.message_from_bytes(open(everything, "rb").read(), policy=policy.default)
    text = msg.get_body(("plain",)).get_content()
    section = text.split("CONFLICTING FIGURES")[1].split("TOP ARTICLES")[0]
    lines = [line for line in section.splitlines() if line.startswith("* ")]
    # one line per conflicting group (lowest vs. highest), not one per pair of figures
    groups = db.execute("select count(*) from figure_groups where conflict = 1").fetchone()[0]
    assert len(lines) == groups and "35,000" in lines[0] and "75,000" in lines[0]


def test_counts_read_as_english_and_lines_carry_their_evidence(digest_db, config, tmp_path):
    """Issue 17, item 6: a subject read '1 statements'; figure lines had no sentence; the stance
    confidence was not shown; wire copies repeated figure lines."""
    from surface.digest import build_message, collect, plural

    assert (plural(1, "statement"), plural(2, "statement"), plural(0, "figure")) == \
        ("1 statement", "2 statements", "0 figures")
    db, facts = digest_db
    first = next(iter(db.query("select * from figures where document_id like 'hoc-%' limit 1")))
    db["figures"].insert({**first, "id": "news-wire-copy/f000", "document_id": "news-fixture0000000001",
                          "statement_id": None, "url": "https://news.example.org/wire-copy"})
    everyone = config.subscribers[0]
    data = collect(db, WEEK, everyone, config)
    keys = [(f["value"], f["unit"], f["measure"], f["period"], f["place"]) for f in data["figures"]]
    assert len(keys) == len(set(keys))  # the wire copy's figure is not listed twice
    text = build_message(data, everyone, config).get_body(("plain",)).get_content()
    assert "statements," in text or "1 statement," in text
    assert "1 statements" not in text and "1 figures" not in text
    shown = [f for f in data["figures"] if f.get("text")]
    assert shown and " ".join(shown[0]["text"].split())[:40] in " ".join(text.split())
    positioned = [s for s in data["statements"] if s["stance"] not in (None, "none")]
    assert positioned and f"confidence {positioned[0]['stance_score']:.2f}" in text


def test_a_subscriber_following_speakers_gets_their_figures_only(digest_db, config):
    from surface.digest import Subscriber, collect

    db, facts = digest_db
    everything = collect(db, WEEK, config.subscribers[0], config)
    speaker = facts["stca_speaker"]
    follower = Subscriber(email="f@example.org", name="follower", speakers=[speaker], parties=[], keywords=[])
    theirs = collect(db, WEEK, follower, config)
    assert all(speaker.lower() in (f["speaker"] or "").lower() or f["speaker_id"] in
               {s["speaker_id"] for s in theirs["statements"]} for f in theirs["figures"])
    assert len(theirs["figures"]) < len(everything["figures"])


def test_an_organisations_position_reaches_the_digest(digest_db, config):
    """Issue 17, item 6: positions by organisations (no party, no role) never appeared."""
    from surface.digest import collect

    db, facts = digest_db
    db["speakers"].insert({"id": "amnesty-international", "name": "Amnesty International",
                           "name_key": "amnesty international", "kind": "organisation"})
    db["statements"].insert({"id": "news-fixture0000000001/q001", "document_id": "news-fixture0000000001",
                             "seq": 10001, "kind": "direct", "speaker_id": "amnesty-international",
                             "speaker_name": "Amnesty International", "paragraph": 0,
                             "url": "https://news.example.org/2020/07/23/stca-ruling", "date": "2020-07-23",
                             "text": "Canada must suspend the Safe Third Country Agreement now.",
                             "stance": "suspend", "stance_score": 0.9, "source": "news"})
    data = collect(db, WEEK, config.subscribers[0], config)
    assert "Amnesty International" in {s["speaker"] for s in data["statements"]}


def test_an_unnamed_officials_position_reaches_the_digest_without_a_registry_person(digest_db, config):
    """Issue 17, item 6: positions by unnamed officials never appeared. "A senior government
    official" is a role description, not a person: stored with its role, no registry row (all
    the anonymous officials of every article would become one person)."""
    from store.extracted import save_document_results
    from surface.digest import collect

    db, facts = digest_db
    doc = {"id": "news-unnamed000000001", "kind": "news", "url": "https://news.example.org/2020/07/24/stca-official",
           "date": "2020-07-24", "relevant": 1, "content_hash": "c0ffee", "text": "...", "language": "en"}
    db["documents"].insert(doc)
    record = {"id": doc["id"], "document_id": doc["id"], "kind": "news", "date": doc["date"], "url": doc["url"]}
    result = {"statements": [{"speaker": "A senior government official", "speaker_role": None,
                              "kind": "indirect", "paragraph": 2, "start": 0, "end": 60,
                              "text": "the United States remains a safe country for asylum seekers",
                              "stance": "keep", "stance_score": 0.9}], "figures": []}
    save_document_results(db, doc, [(record, result)])
    [row] = db.query("select speaker_id, speaker_name, speaker_role from statements where document_id = ?", [doc["id"]])
    assert row == {"speaker_id": None, "speaker_name": "A senior government official",
                   "speaker_role": "A senior government official"}
    assert not db["speakers"].count_where("name_key like '%official%'")
    data = collect(db, WEEK, config.subscribers[0], config)
    assert "A senior government official" in {s["speaker"] for s in data["statements"]}
