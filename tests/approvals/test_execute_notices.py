"""The customer's notice of an executed action exists in every language we write to customers in, for
every action, and never carries a secret."""

import pytest
from django.utils import translation

from approvals.models import ActionKind
from approvals.notices import notice_language, notice_text
from approvals.phrases import notices
from helpdesk.formats import format_number

LANGUAGES = [
    "en",
    "es",
    "pt-br",
    "fr",
    "de",
    "it",
    "ru",
    "uk",
    "tr",
    "ja",
    "ko",
    "zh-hans",
    "vi",
    "id",
    "th",
    "ar",
    "fa",
    "hi",
    "pl",
    "nl",
    "fil",
]
PARAMS = {"new_email": "jane.doe@mail.example", "new_limit": "25000", "currency": "USD"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_action_has_a_notice_in_the_language_with_its_details_filled_in(language):
    with translation.override(language):
        assert set(notices()) == set(ActionKind)
    texts = {action: notice_text(action=action, language=language, params=PARAMS) for action in ActionKind}
    assert len(set(texts.values())) == len(ActionKind)
    for text in texts.values():
        assert "{" not in text and "}" not in text and "jane.doe" not in text
    assert "j•••@mail.example" in texts[ActionKind.CHANGE_EMAIL]
    assert (
        format_number("25000", language) in texts[ActionKind.RAISE_WITHDRAWAL_LIMIT]
        and "USD" in texts[ActionKind.RAISE_WITHDRAWAL_LIMIT]
    )
    if language != "en":
        english = notice_text(action=ActionKind.RESET_2FA, language="en", params=PARAMS)
        assert texts[ActionKind.RESET_2FA] != english


@pytest.mark.parametrize(
    ("asked", "written"),
    [
        ("pt-BR", "pt-br"),
        ("pt", "pt-br"),
        ("es-MX", "es"),
        ("zh-CN", "zh-hans"),
        ("tl", "fil"),
        ("sw", "en"),
        ("", "en"),
    ],
)
def test_a_language_we_do_not_write_falls_back_to_the_nearest_or_english(asked, written):
    assert notice_language(asked) == written
