"""Real mail servers (dovecot over IMAPS, aiosmtpd SMTP) from `servers.py`, as fixtures for tests/mail."""

from tests.mail.servers import dovecot_instance, imap_server, smtp_server

__all__ = ["dovecot_instance", "imap_server", "smtp_server"]
