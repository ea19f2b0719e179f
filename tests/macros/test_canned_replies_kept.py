"""The chat console's old canned replies live on as shared macros (macros/migrations/0002)."""

from macros.models import Macro, Scope
from macros.rendering import variant_for


def test_the_six_canned_replies_are_shared_macros_in_eight_languages(db):
    seeded = Macro.objects.filter(scope=Scope.SHARED, owner=None).prefetch_related("variants")
    titles = {m.title for m in seeded}
    assert {
        "Greeting",
        "One moment",
        "Withdrawal on chain",
        "Never share 2FA",
        "Anything else",
        "Closing",
    } <= titles
    moment = next(m for m in seeded if m.title == "One moment")
    variants = list(moment.variants.all())
    assert {v.language for v in variants} == {"", "es", "pt-br", "tr", "ja", "de", "fr", "ru"}
    assert variant_for(variants, "en").body.startswith("Thank you for waiting.")
    assert variant_for(variants, "de").body.startswith("Danke fürs Warten.")
