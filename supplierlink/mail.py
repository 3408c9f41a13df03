"""Outgoing e-mail: composed in the request, sent by a job after the commit.

``MAIL_URL`` says where mail goes:

- ``smtp://user:password@host:587?starttls=1`` (or ``smtps://…`` for TLS from the start): a
  real SMTP server;
- ``file:///path/to/folder``: each message is written there as an ``.eml`` file (the default
  in development: ``instance/mail``);
- ``log://``: each message is written to the log.

Every message has a plain-text part; an HTML part is optional.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app
from sqlalchemy.orm import Session

from supplierlink import jobs

log = logging.getLogger(__name__)


@dataclass
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    headers: dict = field(default_factory=dict)  # e.g. List-Unsubscribe


def send_mail(session: Session, to: str, subject: str, text: str, html: str | None = None,
              headers: dict | None = None) -> Mail:
    """Queue a message; it leaves only if the transaction commits."""
    mail = Mail(to, subject, text, html, dict(headers or {}))
    jobs.enqueue(session, deliver_mail, str(uuid.uuid4()), asdict(mail))
    return mail


def build_message(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(">") or None)
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    return message


@jobs.job
def deliver_mail(_session: Session, message_id: str, mail: dict) -> None:
    """Send one message through ``MAIL_URL`` (idempotent for file delivery: one file per id)."""
    config = current_app.config
    message = build_message(Mail(**mail), config.get("MAIL_FROM")
                            or formataddr(("SupplierLink", "no-reply@supplierlink.local")))
    url = urlsplit(config.get("MAIL_URL") or "log://")
    if url.scheme == "file":
        folder = Path(unquote(url.path))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{message_id}.eml").write_bytes(bytes(message))
    elif url.scheme in ("smtp", "smtps"):
        _smtp(url, message)
    else:
        log.info("mail to %s: %s\n%s", mail["to"], mail["subject"], mail["text"])


def _smtp(url, message: EmailMessage) -> None:
    options = parse_qs(url.query)
    port = url.port or (465 if url.scheme == "smtps" else 25)
    if url.scheme == "smtps":
        client = smtplib.SMTP_SSL(url.hostname, port, context=ssl.create_default_context(),
                                  timeout=30)
    else:
        client = smtplib.SMTP(url.hostname, port, timeout=30)
    with client:
        if options.get("starttls", ["0"])[0] in ("1", "true", "yes"):
            client.starttls(context=ssl.create_default_context())
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)
