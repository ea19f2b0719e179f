"""The mail servers the email-channel tests stand on behave like real ones."""

import imaplib
import re
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.mail import servers
from tests.mail.servers import ImapServer, SmtpServer

RAW = (
    b"From: Dana Ortiz <dana@mail.example>\r\n"
    b"To: support@cryptox.example\r\n"
    b"Subject: Withdrawal pending for 3 hours\r\n"
    b"Message-ID: <roundtrip-1@mail.example>\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"My BTC withdrawal of 0.25 \xe2\x82\xbf is still pending.\r\n"
    b"Trailing spaces stay:   \r\n"
)


def test_a_message_appended_over_imaps_comes_back_byte_for_byte(imap_server: ImapServer) -> None:
    uid = imap_server.append(RAW)

    assert imap_server.list_folder("INBOX") == [RAW]
    assert imap_server.fetch_flags("INBOX") == {uid: set()}


def test_the_server_certificate_verifies_against_ca_file_and_nothing_else(imap_server: ImapServer) -> None:
    client = imaplib.IMAP4_SSL(imap_server.host, imap_server.port, ssl_context=imap_server.ssl_context())
    assert client.login(imap_server.username, imap_server.password)[0] == "OK"
    client.logout()

    with pytest.raises(ssl.SSLCertVerificationError):
        imaplib.IMAP4_SSL(imap_server.host, imap_server.port, ssl_context=ssl.create_default_context())


def test_a_wrong_password_is_refused(imap_server: ImapServer) -> None:
    client = imaplib.IMAP4_SSL(imap_server.host, imap_server.port, ssl_context=imap_server.ssl_context())
    with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
        client.login(imap_server.username, imap_server.password + "x")
    client.shutdown()


def test_a_client_can_mark_a_message_seen_and_the_server_remembers(imap_server: ImapServer) -> None:
    first = imap_server.append(RAW)
    second = imap_server.append(RAW.replace(b"roundtrip-1", b"roundtrip-2"))

    client = imap_server.connect()
    client.select("INBOX")
    status, _data = client.uid("STORE", str(first), "+FLAGS", "(\\Seen)")
    client.logout()

    assert status == "OK"
    assert imap_server.fetch_flags() == {first: {"\\Seen"}, second: set()}


def test_messages_can_be_filed_into_a_created_folder(imap_server: ImapServer) -> None:
    imap_server.create_folder("Processed mail")
    imap_server.append(RAW, folder="Processed mail")

    assert imap_server.list_folder("Processed mail") == [RAW]
    assert imap_server.list_folder("INBOX") == []


def test_every_test_gets_an_empty_mailbox_of_its_own(imap_server: ImapServer) -> None:
    # The account name is fresh per test, so earlier tests' messages cannot show up here.
    assert re.fullmatch(r"customer\d+", imap_server.username)
    assert imap_server.list_folder() == []


def test_without_dovecot_the_imap_tests_skip_and_say_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(servers, "DOVECOT", tmp_path / "dovecot")
    monkeypatch.setattr(servers, "CI", False)

    with pytest.raises(pytest.skip.Exception, match=r"install-mail-servers\.sh"):
        servers._require_dovecot()


def test_without_dovecot_the_imap_tests_fail_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(servers, "DOVECOT", tmp_path / "dovecot")
    monkeypatch.setattr(servers, "CI", True)

    with pytest.raises(pytest.fail.Exception, match=r"install-mail-servers\.sh"):
        servers._require_dovecot()


def _reply() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "CryptoX Support <support@cryptox.example>"
    message["To"] = "dana@mail.example"
    message["Subject"] = "Re: [HD-000123] Withdrawal pending"
    message["Message-ID"] = "<hd.123.1.abcdef@cryptox.example>"
    message.set_content(
        "Your withdrawal was broadcast: txid 9f2c…e1.\nFee refunded: 2 €. Kind regards, Ana, CryptoX\n"
    )
    return message


def test_a_message_sent_with_smtplib_arrives_intact(smtp_server: SmtpServer) -> None:
    message = _reply()
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as client:
        client.send_message(message, to_addrs=["dana@mail.example", "audit@cryptox.example"])

    [received] = smtp_server.messages
    assert received.mail_from == "support@cryptox.example"
    assert received.rcpt_tos == ["dana@mail.example", "audit@cryptox.example"]
    assert received.raw == message.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    assert received.message["Message-ID"] == "<hd.123.1.abcdef@cryptox.example>"
    assert received.message.get_content().replace("\r\n", "\n") == message.get_content()


def test_fail_next_gives_one_temporary_error_then_accepts_the_retry(smtp_server: SmtpServer) -> None:
    smtp_server.fail_next(1)
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as client:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            client.send_message(_reply())
        assert 400 <= refused.value.smtp_code < 500
        assert smtp_server.messages == []

        client.send_message(_reply())

    assert len(smtp_server.messages) == 1
