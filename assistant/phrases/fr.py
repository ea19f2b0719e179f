# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "français",
    "answer_intro": "Voici ce que dit notre centre d'aide à ce sujet :",
    "answer_close_chat": "Cela a-t-il résolu votre question ? Sinon, une personne prendra le relais.",
    "answer_close_mail": "Cela a-t-il résolu votre question ? Sinon, répondez à ce message pour joindre une personne.",
    "not_translated": "Cet article n'est pas encore disponible en {language} ; le voici en anglais.",
    "read_more": "Lire l'article complet : {url}",
    "greeting": (
        "Bonjour ! Je suis l'assistant du support CryptoX. Dites-moi ce dont vous avez besoin, par exemple "
        "un dépôt, un retrait ou votre compte, et je trouverai la réponse ou la bonne personne pour vous."
    ),
    "greeting_close_chat": "Vous pouvez demander à parler à une personne à tout moment.",
    "greeting_close_mail": "Répondez à ce message avec votre question ; une personne peut toujours vous répondre.",
    "redirect_price_prediction": (
        "Nous ne pouvons pas donner de conseil en investissement, prédire les prix ni recommander quelle crypto "
        "acheter ou vendre."
    ),
    "redirect_other_exchange_account": (
        "Votre question semble porter sur une autre plateforme ou sur votre propre portefeuille. Nous ne "
        "pouvons ni voir ni modifier les comptes et portefeuilles hors de CryptoX : le support de cette "
        "plateforme est le bon interlocuteur."
    ),
    "redirect_unsupported_request": "C'est une chose que notre équipe de support ne peut pas faire, et nous préférons le dire clairement.",
    "status_intro_withdrawal": "Voici ce que nous voyons pour votre retrait :",
    "status_intro_deposit": "Voici ce que nous voyons pour votre dépôt :",
    "status_withdrawal_queued": (
        "Il est dans notre file de traitement et n'a pas encore été envoyé sur le réseau. Les retraits sont "
        "normalement envoyés sous {expected} ; merci de ne pas le soumettre à nouveau."
    ),
    "status_withdrawal_queued_congested": (
        "Il est dans notre file de traitement. Le réseau {network} est encombré en ce moment, l'envoi peut "
        "donc prendre jusqu'à {expected} ; merci de ne pas le soumettre à nouveau."
    ),
    "status_withdrawal_broadcast": (
        "Il a été envoyé sur le réseau {network} et compte pour l'instant {confirmations} confirmations sur "
        "{required}. Il est normalement terminé sous {expected}."
    ),
    "status_withdrawal_completed": (
        "Il est terminé et confirmé sur le réseau {network}. S'il n'apparaît pas encore sur la plateforme de "
        "destination, transmettez-lui le hash de transaction ci-dessous : elle le crédite selon ses propres délais."
    ),
    "status_deposit_confirming": (
        "Il est arrivé sur le réseau {network} et compte {confirmations} des {required} confirmations "
        "nécessaires. Il est crédité automatiquement à {required}, normalement sous {expected} ; vous n'avez "
        "rien à faire."
    ),
    "status_deposit_credited": "Il a été crédité sur votre compte ; vous le voyez dans votre solde et votre historique de dépôts.",
    "fact_amount": "Montant",
    "fact_network": "Réseau",
    "fact_status": "Statut",
    "fact_confirmations": "Confirmations",
    "fact_tx": "Hash de transaction",
    "confirmations_of": "{have} sur {need}",
    "state_queued": "dans la file de traitement",
    "state_broadcast": "envoyé, en attente de confirmations",
    "state_confirming": "en attente de confirmations",
    "state_completed": "terminé",
    "state_credited": "crédité",
    "handoff_team": "Merci pour votre message. Je l'ai transmis à {team} ; vous recevrez la réponse ici.",
    "handoff_wait_chat": "Une personne devrait rejoindre ce chat d'ici environ {wait}.",
    "handoff_wait": "Vous pouvez attendre une réponse d'ici environ {wait}.",
    "handoff_off_shift": (
        "L'équipe n'est pas en service pour le moment : elle revient à {time} UTC, dans environ {wait}, et "
        "vous répondra à ce moment-là."
    ),
    "handoff_other_team": "Des collègues d'un autre fuseau horaire sont en service et pourraient vous répondre plus tôt.",
    "handoff_soon": "Une personne vous répondra ici dès que possible.",
    "handoff_details": "Tout ce que vous avez écrit a été transmis : vous n'aurez pas à le répéter.",
    "safety": (
        "Nous ne vous demanderons jamais votre mot de passe, vos codes 2FA ni votre phrase de récupération. "
        "Ne les communiquez à personne, même à quelqu'un qui dit travailler pour CryptoX."
    ),
    "team_general": "notre équipe de support",
    "team_wallets_onchain": "nos spécialistes des portefeuilles et des transactions on-chain",
    "team_account_security": "notre équipe de sécurité des comptes",
    "team_kyc_verification": "notre équipe de vérification d'identité",
    "team_payments_fiat": "notre équipe paiements",
    "team_p2p": "notre équipe P2P",
    "team_trading": "nos spécialistes du trading",
    "team_api": "nos spécialistes de l'API",
    "team_executive": "notre équipe de support senior",
    "team_none": "notre équipe de support",
    "minute_one": "{n} minute",
    "minutes": "{n} minutes",
    "hour_one": "{n} heure",
    "hours": "{n} heures",
    "day_one": "{n} jour",
    "days": "{n} jours",
    "minutes_few": "{n} minutes",
    "hours_few": "{n} heures",
    "days_few": "{n} jours",
}
