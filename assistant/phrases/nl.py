# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "het Nederlands",
    "answer_intro": "Dit zegt ons helpcentrum hierover:",
    "answer_close_chat": "Is je vraag hiermee opgelost? Zo niet, dan neemt een medewerker het vanaf hier over.",
    "answer_close_mail": "Is je vraag hiermee opgelost? Zo niet, beantwoord dan dit bericht om een medewerker te spreken.",
    "not_translated": "Dit artikel is nog niet beschikbaar in {language}; hier is het in het Engels.",
    "read_more": "Lees het volledige artikel: {url}",
    "greeting": (
        "Hallo! Ik ben de supportassistent van CryptoX. Vertel me waarmee je hulp nodig hebt, bijvoorbeeld "
        "een storting, een opname of je account, en ik zoek het antwoord of de juiste persoon voor je."
    ),
    "greeting_close_chat": "Je kunt op elk moment vragen om een medewerker te spreken.",
    "greeting_close_mail": "Beantwoord dit bericht met je vraag; een medewerker is altijd één antwoord verwijderd.",
    "redirect_price_prediction": (
        "We kunnen geen beleggingsadvies geven, geen koersen voorspellen en niet aanraden welke munt je moet "
        "kopen of verkopen."
    ),
    "redirect_other_exchange_account": (
        "Dit lijkt een vraag over een ander platform of over je eigen wallet. Accounts en wallets buiten "
        "CryptoX kunnen we niet inzien of wijzigen, dus de support van dat platform is de juiste plek."
    ),
    "redirect_unsupported_request": "Dit is iets wat ons supportteam niet kan doen, en dat zeggen we liever eerlijk.",
    "status_intro_withdrawal": "Dit zien we bij je opname:",
    "status_intro_deposit": "Dit zien we bij je storting:",
    "status_withdrawal_queued": (
        "Hij staat in onze verwerkingswachtrij en is nog niet naar het netwerk verzonden. Opnames worden "
        "normaal binnen {expected} verzonden; dien hem alsjeblieft niet opnieuw in."
    ),
    "status_withdrawal_queued_congested": (
        "Hij staat in onze verwerkingswachtrij. Het {network}-netwerk is op dit moment druk, dus verzenden "
        "kan tot {expected} duren; dien hem alsjeblieft niet opnieuw in."
    ),
    "status_withdrawal_broadcast": (
        "Hij is naar het {network}-netwerk verzonden en heeft tot nu toe {confirmations} van de {required} "
        "bevestigingen. Normaal is hij binnen {expected} afgerond."
    ),
    "status_withdrawal_completed": (
        "Hij is afgerond en bevestigd op het {network}-netwerk. Staat hij nog niet bij het ontvangende "
        "platform? Geef hun dan de transactiehash hieronder: zij schrijven hem bij volgens hun eigen planning."
    ),
    "status_deposit_confirming": (
        "Hij is op het {network}-netwerk aangekomen en heeft {confirmations} van de {required} bevestigingen "
        "die we nodig hebben. Bij {required} wordt hij automatisch bijgeschreven, normaal binnen {expected}; "
        "je hoeft niets te doen."
    ),
    "status_deposit_credited": "Hij is bijgeschreven op je account; je ziet hem in je saldo en je stortingsgeschiedenis.",
    "fact_amount": "Bedrag",
    "fact_network": "Netwerk",
    "fact_status": "Status",
    "fact_confirmations": "Bevestigingen",
    "fact_tx": "Transactiehash",
    "confirmations_of": "{have} van {need}",
    "state_queued": "in de verwerkingswachtrij",
    "state_broadcast": "verzonden, wacht op bevestigingen",
    "state_confirming": "wacht op bevestigingen",
    "state_completed": "afgerond",
    "state_credited": "bijgeschreven",
    "handoff_team": "Bedankt voor je bericht. Ik heb het doorgegeven aan {team}; je krijgt hier antwoord.",
    "handoff_wait_chat": "Een medewerker komt naar verwachting over ongeveer {wait} in deze chat.",
    "handoff_wait": "Je kunt binnen ongeveer {wait} een antwoord verwachten.",
    "handoff_off_shift": (
        "Ze zijn nu niet aan het werk: ze zijn om {time} UTC terug, over ongeveer {wait}, en antwoorden je dan."
    ),
    "handoff_other_team": "Collega's in een andere tijdzone zijn nu aan het werk en kunnen het misschien eerder oppakken.",
    "handoff_soon": "Een medewerker antwoordt je hier zo snel mogelijk.",
    "handoff_details": "Alles wat je hebt geschreven ligt bij hen, dus je hoeft niets te herhalen.",
    "safety": (
        "We vragen je nooit om je wachtwoord, 2FA-codes of seedphrase. Deel ze met niemand, ook niet met "
        "iemand die zegt voor CryptoX te werken."
    ),
    "team_general": "ons supportteam",
    "team_wallets_onchain": "onze specialisten in wallets en on-chaintransacties",
    "team_account_security": "ons team voor accountbeveiliging",
    "team_kyc_verification": "ons team voor identiteitsverificatie",
    "team_payments_fiat": "ons betalingsteam",
    "team_p2p": "ons P2P-team",
    "team_trading": "onze tradingspecialisten",
    "team_api": "onze API-specialisten",
    "team_executive": "ons senior supportteam",
    "team_none": "ons supportteam",
    "minute_one": "{n} minuut",
    "minutes": "{n} minuten",
    "hour_one": "{n} uur",
    "hours": "{n} uur",
    "day_one": "{n} dag",
    "days": "{n} dagen",
    "minutes_few": "{n} minuten",
    "hours_few": "{n} uur",
    "days_few": "{n} dagen",
}
