"""IMAP passwords are encrypted at rest and survive a SECRET_KEY rotation with a fallback."""

import pytest
from django.db import connection

from mail.models import Mailbox
from mail.sealing import PREFIX, seal, unseal
from tests.mail.build import make_mailbox

pytestmark = pytest.mark.django_db


def _stored(mailbox: Mailbox) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT imap_password FROM mail_mailbox WHERE id = %s", [mailbox.pk])
        return str(cursor.fetchone()[0])


def test_the_password_is_not_in_the_database_in_clear():
    mailbox = make_mailbox(imap_host="imap.example", imap_username="support", imap_password="hunter2-imap")
    stored = _stored(mailbox)
    assert stored.startswith(PREFIX)
    assert "hunter2-imap" not in stored
    assert Mailbox.objects.get(pk=mailbox.pk).imap_password == "hunter2-imap"


def test_a_rotated_secret_key_still_reads_old_passwords(settings):
    mailbox = make_mailbox(imap_password="before-rotation")
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-secret-key-for-this-test-0123456789abcdefghijklmnop"
    settings.SECRET_KEY_FALLBACKS = [old]
    assert Mailbox.objects.get(pk=mailbox.pk).imap_password == "before-rotation"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Mailbox.objects.get(pk=mailbox.pk)


def test_a_password_stored_before_encryption_is_still_read():
    assert unseal("plain-legacy") == "plain-legacy"
    assert unseal(seal("x")) == "x" and seal("") == ""
