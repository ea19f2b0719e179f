"""Tier 0's answers from the help center: which articles can answer each intent, the one that best fits
a message, and the reply built around it from vetted templates (assistant/phrases).

An answer is always an article's own title, summary and link, in the customer's language when the
article has a published translation in it, else in English with a notice. Nothing here writes text of
its own: the words around the article are the phrases' templates.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.urls import reverse

from assistant.engine.encoder import E5Encoder
from assistant.phrases import has_language, kb_language, phrase
from knowledgebase.models import ArticleTranslation

# The help-center articles that can answer each answerable intent (how_to and out_of_scope), the
# intent's main article first. off_topic_chitchat has none: it gets the greeting.
INTENT_ARTICLES: dict[str, tuple[str, ...]] = {
    "fees_info": (
        "trading-fee-schedule",
        "withdrawal-fees",
        "bitcoin-fees-mempool",
        "network-congestion-gas",
    ),
    "deposit_networks_info": (
        "choosing-a-network",
        "deposit-missing-memo",
        "deposit-not-credited",
        "lightning-network",
        "wrapped-and-bridged-tokens",
        "deposit-from-smart-contract",
        "airdrops-and-forks",
    ),
    "withdrawal_limits_info": (
        "withdrawal-minimums-limits",
        "withdrawal-address-whitelist",
        "withdrawal-pending",
        "withdrawal-security-review",
        "verification-levels",
    ),
    "twofa_setup_howto": (
        "enable-2fa",
        "anti-phishing-code",
        "withdrawal-address-whitelist",
        "2fa-codes-rejected",
        "new-device-login",
    ),
    "kyc_process_info": (
        "verification-levels",
        "accepted-id-documents",
        "proof-of-address",
        "verification-pending-or-rejected",
    ),
    "supported_countries_info": ("supported-countries-and-moving", "staking-rewards-us"),
    "api_usage_info": ("api-rate-limits", "create-api-key", "api-key-ip-restriction"),
    "staking_info": ("staking-rewards", "staking-rewards-us"),
    "block_explorer_howto": ("find-transaction-id", "stuck-ethereum-transaction", "bitcoin-fees-mempool"),
    "account_closure_info": ("closing-your-account",),
    "referral_info": ("referral-programme",),
    "tax_documents_info": ("transaction-history-and-tax-documents",),
    "trading_basics_info": ("order-types-and-first-purchase", "trading-fee-schedule"),
    "p2p_howto": ("p2p-trading-how-it-works",),
    "price_prediction": ("no-investment-advice",),
    "off_topic_chitchat": (),
    "other_exchange_account": ("other-platforms-and-own-wallets", "official-support-channels"),
    "unsupported_request": ("what-support-cannot-do",),
}
# The out_of_scope intents whose answer opens with a polite redirect before the article.
REDIRECTS: frozenset[str] = frozenset({"price_prediction", "other_exchange_account", "unsupported_request"})
GREETING_INTENTS: frozenset[str] = frozenset({"off_topic_chitchat"})
DEFAULT_LANGUAGE = "en"
# Channels with buttons under tier 0's message ("did this solve it? yes / talk to a person").
BUTTON_CHANNELS: frozenset[str] = frozenset({"chat"})


class ArticleAnswer(NamedTuple):
    slug: str
    title: str
    summary: str
    url: str
    translated: bool  # False: the article is shown in English, with the notice


# --- Choosing the article ---------------------------------------------------------------------------

_CACHE_SIZE = 2048
_vectors: OrderedDict[tuple[int, str], Any] = OrderedDict()
_lock = threading.Lock()


# The engine's encoder: one copy of the model per process, read with the prefix each side was trained on.
_QUERY = E5Encoder(prefix="query")
_PASSAGE = E5Encoder(prefix="passage")


def _passage_vectors(translations: Sequence[ArticleTranslation]) -> list[Any]:
    """Each translation's title+summary embedding, cached per process by translation and its update."""
    keys = [(t.pk, t.updated_at.isoformat()) for t in translations]
    with _lock:
        missing = [i for i, key in enumerate(keys) if key not in _vectors]
    if missing:
        encoded = _PASSAGE.encode([_passage_text(translations[i]) for i in missing])
        with _lock:
            for i, vector in zip(missing, encoded, strict=True):
                _vectors[keys[i]] = vector
            while len(_vectors) > _CACHE_SIZE:
                _vectors.popitem(last=False)
    with _lock:
        for key in keys:
            _vectors.move_to_end(key)
        return [_vectors[key] for key in keys]


def _passage_text(translation: ArticleTranslation) -> str:
    return f"{translation.title}. {translation.summary}".strip()


def clear_cache() -> None:
    with _lock:
        _vectors.clear()


def _candidates(intent: str, language: str) -> list[tuple[str, ArticleTranslation, bool]]:
    """(slug, translation to show, translated) for each published, unrestricted candidate article."""
    slugs = INTENT_ARTICLES.get(intent, ())
    if not slugs:
        return []
    wanted = kb_language(language)
    rows = (
        ArticleTranslation.objects.published()
        .visible_in(None)  # the customer's country is not known here: only articles shown everywhere
        .filter(article__slug__in=slugs, language__in={wanted, DEFAULT_LANGUAGE})
        .select_related("article")
    )
    by_slug: dict[str, dict[str, ArticleTranslation]] = {}
    for row in rows:
        by_slug.setdefault(row.article.slug, {})[row.language] = row
    found = []
    for slug in slugs:
        versions = by_slug.get(slug, {})
        if wanted in versions:
            found.append((slug, versions[wanted], True))
        elif DEFAULT_LANGUAGE in versions:
            found.append((slug, versions[DEFAULT_LANGUAGE], wanted == DEFAULT_LANGUAGE))
    return found


def article_answer(intent: str, text: str, language: str) -> ArticleAnswer | None:
    """The intent's published article that best matches `text`, in `language` if translated, else in
    English (translated False); None when the intent has no article (or none is published)."""
    found = _candidates(intent, language)
    if not found:
        return None
    best = 0
    if len(found) > 1:
        query = _QUERY.encode([text[:2000] or intent])[0]
        vectors = _passage_vectors([translation for _slug, translation, _t in found])
        scores = [float(vector @ query) for vector in vectors]
        best = max(range(len(found)), key=lambda i: scores[i])
    slug, translation, translated = found[best]
    return ArticleAnswer(
        slug=slug,
        title=translation.title,
        summary=translation.summary,
        url=public_url(translation.language, slug),
        translated=translated,
    )


def public_url(language: str, slug: str) -> str:
    path = reverse("help:article", kwargs={"language": language, "slug": slug})
    return str(settings.HELPDESK_SITE_URL).rstrip("/") + path


# --- The reply --------------------------------------------------------------------------------------


def closing_line(channel: str, language: str) -> str:
    return phrase("answer_close_chat" if channel in BUTTON_CHANNELS else "answer_close_mail", language)


def reply_language(language: str) -> str:
    """The language tier 0's words are written in: the customer's, else English."""
    return language if has_language(language) else DEFAULT_LANGUAGE


def article_reply(*, intent: str, answer: ArticleAnswer, language: str, channel: str) -> str:
    """The answer as the customer reads it: a redirect (out_of_scope) or the intro, the not-translated
    notice when the article is in English, its title, summary and link, and the channel's closing line."""
    words = reply_language(language)
    parts = [phrase(f"redirect_{intent}", words) if intent in REDIRECTS else phrase("answer_intro", words)]
    if not answer.translated:
        parts.append(phrase("not_translated", words, language=_language_name(language, words)))
    parts.append(f"{answer.title}\n{answer.summary}".strip())
    parts.append(phrase("read_more", words, url=answer.url))
    parts.append(closing_line(channel, words))
    return "\n\n".join(parts)


def _language_name(language: str, words: str) -> str:
    """The customer's language named in the language of the reply."""
    if words != DEFAULT_LANGUAGE:
        return phrase("name", words)
    info = LANG_INFO.get(kb_language(language)) or LANG_INFO.get(language.split("-", 1)[0]) or {}
    return str(info.get("name") or language)


def greeting_reply(*, language: str, channel: str) -> str:
    words = reply_language(language)
    close = "greeting_close_chat" if channel in BUTTON_CHANNELS else "greeting_close_mail"
    return f"{phrase('greeting', words)}\n\n{phrase(close, words)}"
