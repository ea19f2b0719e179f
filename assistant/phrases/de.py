# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "Deutsch",
    "answer_intro": "Das sagt unser Hilfe-Center dazu:",
    "answer_close_chat": "Hat das Ihre Frage gelöst? Falls nicht, übernimmt ab hier ein Mensch.",
    "answer_close_mail": "Hat das Ihre Frage gelöst? Falls nicht, antworten Sie auf diese Nachricht, um einen Menschen zu erreichen.",
    "not_translated": "Dieser Artikel ist noch nicht auf {language} verfügbar; hier ist er auf Englisch.",
    "read_more": "Zum vollständigen Artikel: {url}",
    "greeting": (
        "Hallo! Ich bin der Support-Assistent von CryptoX. Schreiben Sie mir, wobei Sie Hilfe brauchen, zum "
        "Beispiel bei einer Einzahlung, einer Auszahlung oder Ihrem Konto, und ich finde die Antwort oder "
        "die richtige Ansprechperson für Sie."
    ),
    "greeting_close_chat": "Sie können jederzeit nach einem Menschen fragen.",
    "greeting_close_mail": "Antworten Sie mit Ihrer Frage auf diese Nachricht; ein Mensch ist immer nur eine Antwort entfernt.",
    "redirect_price_prediction": (
        "Wir dürfen keine Anlageberatung geben, keine Kurse vorhersagen und nicht empfehlen, welchen Coin Sie "
        "kaufen oder verkaufen sollten."
    ),
    "redirect_other_exchange_account": (
        "Ihre Frage betrifft offenbar eine andere Plattform oder Ihr eigenes Wallet. Konten und Wallets "
        "außerhalb von CryptoX können wir weder einsehen noch ändern; der Support dieser Plattform ist die "
        "richtige Anlaufstelle."
    ),
    "redirect_unsupported_request": "Das kann unser Support-Team leider nicht tun, und wir sagen das lieber offen.",
    "status_intro_withdrawal": "Das sehen wir zu Ihrer Auszahlung:",
    "status_intro_deposit": "Das sehen wir zu Ihrer Einzahlung:",
    "status_withdrawal_queued": (
        "Sie ist in unserer Bearbeitungswarteschlange und wurde noch nicht an das Netzwerk gesendet. "
        "Auszahlungen werden normalerweise innerhalb von {expected} gesendet; bitte beantragen Sie sie "
        "nicht erneut."
    ),
    "status_withdrawal_queued_congested": (
        "Sie ist in unserer Bearbeitungswarteschlange. Das Netzwerk {network} ist gerade überlastet, daher "
        "kann das Senden bis zu {expected} dauern; bitte beantragen Sie sie nicht erneut."
    ),
    "status_withdrawal_broadcast": (
        "Sie wurde an das Netzwerk {network} gesendet und hat bisher {confirmations} von {required} "
        "Bestätigungen. Normalerweise ist sie innerhalb von {expected} abgeschlossen."
    ),
    "status_withdrawal_completed": (
        "Sie ist abgeschlossen und im Netzwerk {network} bestätigt. Falls sie bei der empfangenden Plattform "
        "noch nicht angezeigt wird, geben Sie dort bitte den Transaktions-Hash unten an: Die Gutschrift "
        "erfolgt nach deren eigenem Zeitplan."
    ),
    "status_deposit_confirming": (
        "Sie ist im Netzwerk {network} angekommen und hat {confirmations} der {required} Bestätigungen, die "
        "wir brauchen. Bei {required} wird sie automatisch gutgeschrieben, normalerweise innerhalb von "
        "{expected}; Sie müssen nichts tun."
    ),
    "status_deposit_credited": (
        "Sie wurde Ihrem Konto gutgeschrieben; Sie sehen sie in Ihrem Guthaben und im Einzahlungsverlauf."
    ),
    "fact_amount": "Betrag",
    "fact_network": "Netzwerk",
    "fact_status": "Status",
    "fact_confirmations": "Bestätigungen",
    "fact_tx": "Transaktions-Hash",
    "confirmations_of": "{have} von {need}",
    "state_queued": "in der Bearbeitungswarteschlange",
    "state_broadcast": "gesendet, wartet auf Bestätigungen",
    "state_confirming": "wartet auf Bestätigungen",
    "state_completed": "abgeschlossen",
    "state_credited": "gutgeschrieben",
    "handoff_team": "Danke für Ihre Nachricht. Ich habe sie an {team} weitergegeben; Sie erhalten die Antwort hier.",
    "handoff_wait_chat": "Ein Mensch sollte diesem Chat in etwa {wait} beitreten.",
    "handoff_wait": "Sie können in etwa {wait} mit einer Antwort rechnen.",
    "handoff_off_shift": (
        "Das Team ist gerade nicht im Dienst: Es ist um {time} UTC zurück, in etwa {wait}, und antwortet "
        "Ihnen dann."
    ),
    "handoff_other_team": "Kolleginnen und Kollegen in einer anderen Zeitzone sind gerade im Dienst und übernehmen vielleicht früher.",
    "handoff_soon": "Ein Mensch antwortet Ihnen hier so bald wie möglich.",
    "handoff_details": "Alles, was Sie geschrieben haben, liegt dort vor; Sie müssen nichts wiederholen.",
    "safety": (
        "Wir fragen Sie nie nach Ihrem Passwort, Ihren 2FA-Codes oder Ihrer Seed-Phrase. Geben Sie diese "
        "niemandem weiter, auch nicht Personen, die behaupten, für CryptoX zu arbeiten."
    ),
    "team_general": "unser Support-Team",
    "team_wallets_onchain": "unsere Spezialisten für Wallets und On-Chain-Transfers",
    "team_account_security": "unser Team für Kontosicherheit",
    "team_kyc_verification": "unser Team für Identitätsprüfung",
    "team_payments_fiat": "unser Zahlungsteam",
    "team_p2p": "unser P2P-Team",
    "team_trading": "unsere Trading-Spezialisten",
    "team_api": "unsere API-Spezialisten",
    "team_executive": "unser Senior-Support-Team",
    "team_none": "unser Support-Team",
    "minute_one": "{n} Minute",
    "minutes": "{n} Minuten",
    "hour_one": "{n} Stunde",
    "hours": "{n} Stunden",
    "day_one": "{n} Tag",
    "days": "{n} Tagen",
    "minutes_few": "{n} Minuten",
    "hours_few": "{n} Stunden",
    "days_few": "{n} Tagen",
}
