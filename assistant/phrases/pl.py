# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "po polsku",
    "answer_intro": "Oto, co mówi na ten temat nasze centrum pomocy:",
    "answer_close_chat": "Czy to rozwiązało problem? Jeśli nie, od tej chwili zajmie się tym konsultant.",
    "answer_close_mail": "Czy to rozwiązało problem? Jeśli nie, odpowiedz na tę wiadomość, aby skontaktować się z konsultantem.",
    "not_translated": "Ten artykuł nie jest jeszcze dostępny {language}; oto wersja angielska.",
    "read_more": "Przeczytaj cały artykuł: {url}",
    "greeting": (
        "Dzień dobry! Jestem asystentem wsparcia CryptoX. Napisz, w czym potrzebujesz pomocy, na przykład "
        "we wpłacie, wypłacie lub sprawach konta, a znajdę odpowiedź albo właściwą osobę."
    ),
    "greeting_close_chat": "W każdej chwili możesz poprosić o rozmowę z konsultantem.",
    "greeting_close_mail": "Odpowiedz na tę wiadomość, zadając pytanie; konsultant jest zawsze o jedną odpowiedź stąd.",
    "redirect_price_prediction": (
        "Nie możemy udzielać porad inwestycyjnych, przewidywać cen ani polecać, którą kryptowalutę kupić lub sprzedać."
    ),
    "redirect_other_exchange_account": (
        "To wygląda na pytanie o inną platformę lub o Twój własny portfel. Nie widzimy kont ani portfeli "
        "poza CryptoX i nie możemy ich zmieniać, dlatego właściwym miejscem jest wsparcie tamtej platformy."
    ),
    "redirect_unsupported_request": "Tego nasz zespół wsparcia nie może zrobić i wolimy powiedzieć to wprost.",
    "status_intro_withdrawal": "Oto, co widzimy w sprawie Twojej wypłaty:",
    "status_intro_deposit": "Oto, co widzimy w sprawie Twojej wpłaty:",
    "status_withdrawal_queued": (
        "Jest w naszej kolejce do realizacji i nie została jeszcze wysłana do sieci. Wypłaty są zwykle "
        "wysyłane w ciągu {expected}; prosimy nie zlecać jej ponownie."
    ),
    "status_withdrawal_queued_congested": (
        "Jest w naszej kolejce do realizacji. Sieć {network} jest teraz przeciążona, więc wysłanie może "
        "potrwać do {expected}; prosimy nie zlecać jej ponownie."
    ),
    "status_withdrawal_broadcast": (
        "Została wysłana do sieci {network} i ma na razie {confirmations} z {required} potwierdzeń. Zwykle "
        "kończy się w ciągu {expected}."
    ),
    "status_withdrawal_completed": (
        "Jest zakończona i potwierdzona w sieci {network}. Jeśli nie widać jej jeszcze na platformie "
        "odbiorcy, podaj im poniższy hash transakcji: księgują ją według własnego harmonogramu."
    ),
    "status_deposit_confirming": (
        "Dotarła do sieci {network} i ma {confirmations} z {required} wymaganych potwierdzeń. Zostanie "
        "zaksięgowana automatycznie po {required}, zwykle w ciągu {expected}; nie musisz nic robić."
    ),
    "status_deposit_credited": "Została zaksięgowana na Twoim koncie; widać ją w saldzie i w historii wpłat.",
    "fact_amount": "Kwota",
    "fact_network": "Sieć",
    "fact_status": "Status",
    "fact_confirmations": "Potwierdzenia",
    "fact_tx": "Hash transakcji",
    "confirmations_of": "{have} z {need}",
    "state_queued": "w kolejce do realizacji",
    "state_broadcast": "wysłana, czeka na potwierdzenia",
    "state_confirming": "czeka na potwierdzenia",
    "state_completed": "zakończona",
    "state_credited": "zaksięgowana",
    "handoff_team": "Dziękujemy za wiadomość. Przekazałem ją do zespołu: {team}; odpowiedź otrzymasz tutaj.",
    "handoff_wait_chat": "Konsultant powinien dołączyć do czatu za około {wait}.",
    "handoff_wait": "Odpowiedzi możesz spodziewać się w ciągu około {wait}.",
    "handoff_off_shift": (
        "Zespół nie pracuje w tej chwili: wraca o {time} UTC, za około {wait}, i wtedy odpowie."
    ),
    "handoff_other_team": "Współpracownicy w innej strefie czasowej pracują teraz i mogą zająć się tym wcześniej.",
    "handoff_soon": "Konsultant odpowie tutaj tak szybko, jak to możliwe.",
    "handoff_details": "Zespół ma wszystko, co napisałeś, więc nie musisz niczego powtarzać.",
    "safety": (
        "Nigdy nie poprosimy o Twoje hasło, kody 2FA ani frazę seed. Nie podawaj ich nikomu, nawet osobie, "
        "która twierdzi, że pracuje w CryptoX."
    ),
    "team_general": "nasz zespół wsparcia",
    "team_wallets_onchain": "nasi specjaliści od portfeli i transakcji on-chain",
    "team_account_security": "nasz zespół bezpieczeństwa kont",
    "team_kyc_verification": "nasz zespół weryfikacji tożsamości",
    "team_payments_fiat": "nasz zespół płatności",
    "team_p2p": "nasz zespół P2P",
    "team_trading": "nasi specjaliści od tradingu",
    "team_api": "nasi specjaliści od API",
    "team_executive": "nasz zespół starszych konsultantów",
    "team_none": "nasz zespół wsparcia",
    "minute_one": "{n} min",
    "minutes": "{n} min",
    "hour_one": "{n} godz.",
    "hours": "{n} godz.",
    "day_one": "{n} dnia",
    "days": "{n} dni",
    "minutes_few": "{n} min",
    "hours_few": "{n} godz.",
    "days_few": "{n} dni",
}
