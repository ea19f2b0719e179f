PHRASES = {
    "name": "English",
    "answer_intro": "Here is what our help center says about this:",
    "answer_close_chat": "Did this solve it? If not, a person will take it from here.",
    "answer_close_mail": "Did this solve it? If not, reply to this message to reach a person.",
    "not_translated": "This article is not yet available in {language}; here it is in English.",
    "read_more": "Read the full article: {url}",
    "greeting": (
        "Hello! I am the CryptoX support assistant. Tell me what you need help with, for example a "
        "deposit, a withdrawal or your account, and I will find the answer or the right person for you."
    ),
    "greeting_close_chat": "You can ask for a person at any time.",
    "greeting_close_mail": "Reply to this message with your question; a person is always one reply away.",
    "redirect_price_prediction": (
        "We cannot give investment advice, predict prices or recommend which coin to buy or sell."
    ),
    "redirect_other_exchange_account": (
        "This looks like a question about another platform or your own wallet. We cannot see or change "
        "accounts and wallets outside CryptoX, so that platform's support is the right place to ask."
    ),
    "redirect_unsupported_request": (
        "This is something our support team cannot do, and we prefer to say so plainly."
    ),
    "status_intro_withdrawal": "Here is what we see for your withdrawal:",
    "status_intro_deposit": "Here is what we see for your deposit:",
    "status_withdrawal_queued": (
        "It is in our processing queue and has not been sent to the network yet. Withdrawals are "
        "normally sent within {expected}; please do not submit it again."
    ),
    "status_withdrawal_queued_congested": (
        "It is in our processing queue. The {network} network is busy right now, so sending may take up "
        "to {expected}; please do not submit it again."
    ),
    "status_withdrawal_broadcast": (
        "It has been sent to the {network} network and has {confirmations} of {required} confirmations "
        "so far. It is normally complete within {expected}."
    ),
    "status_withdrawal_completed": (
        "It is complete and confirmed on the {network} network. If it does not show at the receiving "
        "platform yet, please give them the transaction hash below: they credit it on their own schedule."
    ),
    "status_deposit_confirming": (
        "It has reached the {network} network and has {confirmations} of the {required} confirmations we "
        "need. It is credited automatically at {required}, normally within {expected}; there is nothing "
        "you need to do."
    ),
    "status_deposit_credited": (
        "It has been credited to your account; you can see it in your balance and your deposit history."
    ),
    "fact_amount": "Amount",
    "fact_network": "Network",
    "fact_status": "Status",
    "fact_confirmations": "Confirmations",
    "fact_tx": "Transaction hash",
    "confirmations_of": "{have} of {need}",
    "state_queued": "in the processing queue",
    "state_broadcast": "sent, waiting for confirmations",
    "state_confirming": "waiting for confirmations",
    "state_completed": "completed",
    "state_credited": "credited",
    "handoff_team": "Thank you for your message. I have passed it to {team}, who will answer you here.",
    "handoff_wait_chat": "A person should join this chat in about {wait}.",
    "handoff_wait": "You can expect a reply within about {wait}.",
    "handoff_off_shift": (
        "They are not on duty right now: they are back at {time} UTC, in about {wait}, and will reply then."
    ),
    "handoff_other_team": "Colleagues in another time zone are on duty now and may pick it up sooner.",
    "handoff_soon": "A person will reply here as soon as possible.",
    "handoff_details": "Everything you wrote is with them, so you will not need to repeat it.",
    "safety": (
        "We will never ask for your password, 2FA codes or seed phrase. Please do not share them with "
        "anyone, even someone who says they work for CryptoX."
    ),
    "team_general": "our support team",
    "team_wallets_onchain": "our wallets and on-chain specialists",
    "team_account_security": "our account security team",
    "team_kyc_verification": "our identity verification team",
    "team_payments_fiat": "our payments team",
    "team_p2p": "our P2P trading team",
    "team_trading": "our trading specialists",
    "team_api": "our API specialists",
    "team_executive": "our senior support team",
    "team_none": "our support team",
    "minute_one": "{n} minute",
    "minutes": "{n} minutes",
    "hour_one": "{n} hour",
    "hours": "{n} hours",
    "day_one": "{n} day",
    "days": "{n} days",
    "minutes_few": "{n} minutes",
    "hours_few": "{n} hours",
    "days_few": "{n} days",
}
