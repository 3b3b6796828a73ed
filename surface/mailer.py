"""SMTP delivery with the retry semantics the digest relies on.

Configuration comes from the environment (never from files in the repo):
STCAWATCH_SMTP_HOST, _PORT, _USER, _PASSWORD, _STARTTLS (1/0), _CAFILE (extra CA bundle).
Credentials are only ever sent after STARTTLS: a config with a user but STARTTLS off is refused.
``send`` classifies failures: 4xx replies and connection problems are *temporary* (retry on
the next run), 5xx replies are *permanent* (do not retry), login/TLS problems are *config*
errors (stop the run, retry everything later).
"""
from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage


class MailConfigError(RuntimeError):
    """The SMTP settings cannot work (missing host, credentials without TLS, login refused)."""


@dataclass
class SendResult:
    ok: bool
    temporary: bool = False          # True: retry on the next run
    code: int | None = None
    error: str | None = None


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass
class SmtpConfig:
    host: str = "localhost"
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    cafile: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_env(cls, env: dict | None = None) -> "SmtpConfig":
        env = os.environ if env is None else env
        user = env.get("STCAWATCH_SMTP_USER") or None
        starttls = _flag(env.get("STCAWATCH_SMTP_STARTTLS"), default=bool(user))
        port = env.get("STCAWATCH_SMTP_PORT") or ("587" if starttls else "25")
        try:
            port_number = int(port)
        except ValueError:
            raise MailConfigError(f"STCAWATCH_SMTP_PORT={port!r} is not a number") from None
        config = cls(host=env.get("STCAWATCH_SMTP_HOST") or "localhost", port=port_number,
                     user=user, password=env.get("STCAWATCH_SMTP_PASSWORD") or None,
                     starttls=starttls, cafile=env.get("STCAWATCH_SMTP_CAFILE") or None)
        config.check()
        return config

    def check(self) -> None:
        if self.user and not self.starttls:
            raise MailConfigError(
                "STCAWATCH_SMTP_USER is set but STARTTLS is off: refusing to send credentials "
                "in clear text (set STCAWATCH_SMTP_STARTTLS=1)")
        if self.user and not self.password:
            raise MailConfigError("STCAWATCH_SMTP_USER is set but STCAWATCH_SMTP_PASSWORD is empty")

    def tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.cafile:
            context.load_verify_locations(cafile=self.cafile)
        return context


class Mailer:
    """One SMTP session for a batch of messages (opened lazily, closed by ``close``)."""

    def __init__(self, config: SmtpConfig):
        config.check()
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        try:
            smtp.ehlo()
            if cfg.starttls:
                if not smtp.has_extn("starttls"):
                    raise MailConfigError(f"{cfg.host}:{cfg.port} does not offer STARTTLS")
                smtp.starttls(context=cfg.tls_context())
                smtp.ehlo()
            if cfg.user:
                smtp.login(cfg.user, cfg.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            smtp.close()
            raise MailConfigError(f"{cfg.host}:{cfg.port}: login refused ({exc.smtp_code})") from exc
        except ssl.SSLError as exc:
            smtp.close()
            raise MailConfigError(f"{cfg.host}:{cfg.port}: TLS failed: {exc}") from exc
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage, sender: str, recipient: str) -> SendResult:
        """Send one message to one recipient; never raises for delivery problems."""
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            refused = self._smtp.send_message(message, from_addr=sender, to_addrs=[recipient])
        except MailConfigError:
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()), (None, b""))
            return self._failed(code, text)
        except smtplib.SMTPResponseException as exc:  # sender refused, data error, connect
            self._reset()
            return self._failed(exc.smtp_code, exc.smtp_error)
        except (OSError, smtplib.SMTPException) as exc:  # connection lost, timeout, DNS
            self._reset()
            return SendResult(ok=False, temporary=True, error=f"{type(exc).__name__}: {exc}")
        if refused:
            code, text = next(iter(refused.values()))
            return self._failed(code, text)
        return SendResult(ok=True, code=250)

    @staticmethod
    def _failed(code, text) -> SendResult:
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        temporary = code is None or not 500 <= int(code) < 600
        return SendResult(ok=False, temporary=temporary, code=code, error=f"{code} {text}".strip())

    def _reset(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._reset()
