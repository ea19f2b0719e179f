# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "italiano",
    "answer_intro": "Ecco cosa dice il nostro centro assistenza al riguardo:",
    "answer_close_chat": "Ha risolto il problema? In caso contrario, da qui in poi se ne occuperà una persona.",
    "answer_close_mail": "Ha risolto il problema? In caso contrario, rispondi a questo messaggio per parlare con una persona.",
    "not_translated": "Questo articolo non è ancora disponibile in {language}; eccolo in inglese.",
    "read_more": "Leggi l'articolo completo: {url}",
    "greeting": (
        "Ciao! Sono l'assistente dell'assistenza clienti di CryptoX. Dimmi di cosa hai bisogno, per esempio "
        "un deposito, un prelievo o il tuo account, e troverò la risposta o la persona giusta per te."
    ),
    "greeting_close_chat": "Puoi chiedere di parlare con una persona in qualsiasi momento.",
    "greeting_close_mail": "Rispondi a questo messaggio con la tua domanda; una persona è sempre a una risposta di distanza.",
    "redirect_price_prediction": (
        "Non possiamo dare consulenza sugli investimenti, prevedere i prezzi né consigliare quale moneta "
        "comprare o vendere."
    ),
    "redirect_other_exchange_account": (
        "Sembra una domanda su un'altra piattaforma o sul tuo wallet personale. Non possiamo vedere né "
        "modificare account e wallet al di fuori di CryptoX: l'assistenza di quella piattaforma è il posto "
        "giusto a cui chiedere."
    ),
    "redirect_unsupported_request": "Questa è una cosa che il nostro team di assistenza non può fare, e preferiamo dirtelo chiaramente.",
    "status_intro_withdrawal": "Ecco cosa vediamo per il tuo prelievo:",
    "status_intro_deposit": "Ecco cosa vediamo per il tuo deposito:",
    "status_withdrawal_queued": (
        "È nella nostra coda di elaborazione e non è ancora stato inviato alla rete. Di solito i prelievi "
        "vengono inviati entro {expected}; per favore non richiederlo di nuovo."
    ),
    "status_withdrawal_queued_congested": (
        "È nella nostra coda di elaborazione. La rete {network} è congestionata in questo momento, quindi "
        "l'invio può richiedere fino a {expected}; per favore non richiederlo di nuovo."
    ),
    "status_withdrawal_broadcast": (
        "È stato inviato alla rete {network} e finora ha {confirmations} conferme su {required}. Di solito "
        "si completa entro {expected}."
    ),
    "status_withdrawal_completed": (
        "È completato e confermato sulla rete {network}. Se non compare ancora sulla piattaforma di "
        "destinazione, comunica loro l'hash della transazione qui sotto: lo accreditano secondo i propri tempi."
    ),
    "status_deposit_confirming": (
        "È arrivato sulla rete {network} e ha {confirmations} delle {required} conferme necessarie. Viene "
        "accreditato automaticamente a {required}, di solito entro {expected}; non devi fare nulla."
    ),
    "status_deposit_credited": "È stato accreditato sul tuo account; lo vedi nel saldo e nella cronologia dei depositi.",
    "fact_amount": "Importo",
    "fact_network": "Rete",
    "fact_status": "Stato",
    "fact_confirmations": "Conferme",
    "fact_tx": "Hash della transazione",
    "confirmations_of": "{have} su {need}",
    "state_queued": "nella coda di elaborazione",
    "state_broadcast": "inviato, in attesa di conferme",
    "state_confirming": "in attesa di conferme",
    "state_completed": "completato",
    "state_credited": "accreditato",
    "handoff_team": "Grazie per il messaggio. L'ho passato a {team}; riceverai la risposta qui.",
    "handoff_wait_chat": "Una persona dovrebbe unirsi a questa chat tra circa {wait}.",
    "handoff_wait": "Puoi aspettarti una risposta entro circa {wait}.",
    "handoff_off_shift": (
        "Al momento non sono in servizio: tornano alle {time} UTC, tra circa {wait}, e ti risponderanno allora."
    ),
    "handoff_other_team": "Colleghi in un altro fuso orario sono in servizio ora e potrebbero occuparsene prima.",
    "handoff_soon": "Una persona ti risponderà qui il prima possibile.",
    "handoff_details": "Hanno tutto quello che hai scritto, quindi non dovrai ripeterlo.",
    "safety": (
        "Non ti chiederemo mai la password, i codici 2FA o la frase seed. Non condividerli con nessuno, "
        "nemmeno con chi dice di lavorare per CryptoX."
    ),
    "team_general": "il nostro team di assistenza",
    "team_wallets_onchain": "i nostri specialisti di wallet e transazioni on-chain",
    "team_account_security": "il nostro team per la sicurezza degli account",
    "team_kyc_verification": "il nostro team di verifica dell'identità",
    "team_payments_fiat": "il nostro team pagamenti",
    "team_p2p": "il nostro team P2P",
    "team_trading": "i nostri specialisti di trading",
    "team_api": "i nostri specialisti API",
    "team_executive": "il nostro team di assistenza senior",
    "team_none": "il nostro team di assistenza",
    "minute_one": "{n} minuto",
    "minutes": "{n} minuti",
    "hour_one": "{n} ora",
    "hours": "{n} ore",
    "day_one": "{n} giorno",
    "days": "{n} giorni",
    "minutes_few": "{n} minuti",
    "hours_few": "{n} ore",
    "days_few": "{n} giorni",
}
