REPLIES = {
    "credited": (
        "Ihre Einzahlung von {amount} {asset} über {network} wurde Ihrem Konto gutgeschrieben. "
        "Sie sehen sie in Ihrem Guthaben und in Ihrem Einzahlungsverlauf."
    ),
    "not_found": (
        "Wir konnten die Transaktion {tx} weder in Ihrem Kontoverlauf noch im Netzwerk finden. "
        "Könnten Sie den Transaktions-Hash prüfen und uns sagen, über welches Netzwerk Sie gesendet haben?"
    ),
    "awaiting_confirmations": (
        "Ihre Einzahlung von {amount} {asset} über {network} ist im Netzwerk angekommen und hat "
        "{confirmations} der {required} nötigen Bestätigungen. Sie wird bei {required} Bestätigungen "
        "automatisch gutgeschrieben; Sie müssen nichts tun."
    ),
    "deposits_suspended": (
        "Ihre Einzahlung von {amount} {asset} ist auf {network} angekommen. Einzahlungen über {network} "
        "sind bei uns vorübergehend pausiert; was in dieser Zeit eingeht, wird nach der Wiederaufnahme "
        "bearbeitet. Wir halten Sie hier auf dem Laufenden."
    ),
    "below_minimum": (
        "Ihre Einzahlung von {amount} {asset} über {network} liegt unter der Mindesteinzahlung von "
        "{minimum} {asset} und wurde daher nicht automatisch gutgeschrieben. Unser Wallet-Team prüft sie "
        "und nennt Ihnen die möglichen Optionen."
    ),
    "not_credited": (
        "Ihre Einzahlung von {amount} {asset} über {network} ist im Netzwerk bestätigt, aber noch nicht "
        "gutgeschrieben. Wir haben sie an unser Wallet-Team zur Prüfung übergeben und melden uns hier."
    ),
    "wrong_network": (
        "Die Transaktion {tx} wurde über {network} gesendet, die Einzahlungsadresse wurde aber für "
        "{expected_network} ausgegeben. Einzahlungen über ein anderes Netzwerk werden nicht automatisch "
        "gutgeschrieben. Unser Wallet-Team prüft Ihren Fall und sagt Ihnen, was möglich ist; eine "
        "Rückholung der Mittel können wir nicht versprechen."
    ),
    "unsupported_token": (
        "Die Transaktion {tx} hat einen {asset}-Token eines Vertrags gesendet, den wir auf {network} nicht "
        "unterstützen (zum Beispiel eine gebridgte Version des Tokens), daher wird er nicht automatisch "
        "gutgeschrieben. Unser Wallet-Team prüft Ihren Fall und sagt Ihnen, was möglich ist; eine "
        "Rückholung können wir nicht versprechen."
    ),
    "memo_missing": (
        "Ihre Einzahlung von {amount} {asset} über {network} kam ohne das Memo/Tag an, das Ihr Konto "
        "kennzeichnet, und konnte daher nicht automatisch gutgeschrieben werden. Unser Wallet-Team prüft "
        "sie. Bitte geben Sie immer das Memo/Tag von Ihrer Einzahlungsseite an."
    ),
    "memo_wrong": (
        "Ihre Einzahlung von {amount} {asset} über {network} kam mit einem Memo/Tag ({memo}) an, das nicht "
        "zu Ihrem Konto gehört, und konnte daher nicht automatisch gutgeschrieben werden. Unser Wallet-Team "
        "prüft sie und meldet sich hier."
    ),
    "withdrawal_queued": (
        "Ihre Auszahlung von {amount} {asset} über {network} ist in unserer Bearbeitungswarteschlange und "
        "wurde noch nicht ins Netzwerk gesendet. Sie wird gesendet, sobald sie bearbeitet ist; bitte "
        "beantragen Sie sie nicht erneut."
    ),
    "withdrawal_review": (
        "Ihre Auszahlung von {amount} {asset} über {network} durchläuft vor dem Versand eine routinemäßige "
        "Prüfung. Wir melden uns, falls wir etwas von Ihnen benötigen."
    ),
    "withdrawal_broadcast": (
        "Ihre Auszahlung von {amount} {asset} wurde ins {network}-Netzwerk gesendet (Transaktion {tx}) und "
        "wartet auf Bestätigungen: bisher {confirmations} von {required}."
    ),
    "withdrawal_confirmed": (
        "Ihre Auszahlung von {amount} {asset} über {network} ist im Netzwerk bestätigt (Transaktion {tx}). "
        "Falls sie bei der empfangenden Plattform noch nicht erscheint, wenden Sie sich bitte mit diesem "
        "Hash an sie: Sie schreibt nach ihren eigenen Abläufen gut."
    ),
    "withdrawal_failed": (
        "Ihre Auszahlung von {amount} {asset} über {network} konnte nicht abgeschlossen werden. Unser Team "
        "prüft sie und meldet sich hier; bitte beantragen Sie sie bis dahin nicht erneut."
    ),
    "failed_on_chain": (
        "Die Transaktion {tx} auf {network} ist im Netzwerk fehlgeschlagen und hat daher keine Mittel "
        "übertragen. Unser Wallet-Team hilft Ihnen gern zu klären, was passiert ist."
    ),
    "stuck_low_fee": (
        "Die Transaktion {tx} auf {network} wartet auf Aufnahme, weil ihre Gebühr unter der aktuellen "
        "Basisgebühr des Netzwerks liegt. Sie geht weiter, wenn die Gebühren sinken, oder der Absender "
        "ersetzt sie mit einer höheren Gebühr."
    ),
    "sent_to_contract": (
        "Die Transaktion {tx} hat {amount} {asset} über {network} an die Adresse eines Smart Contracts "
        "gesendet, nicht an eine Wallet. Ob an einen Vertrag gesendete Mittel zurückkommen können, hängt "
        "allein von diesem Vertrag ab; unser Wallet-Team prüft Ihren Fall, eine Rückholung können wir "
        "nicht versprechen."
    ),
    "not_our_address": (
        "Die Transaktion {tx} auf {network} ging an eine Adresse, die keine der für Ihr Konto "
        "ausgegebenen Einzahlungsadressen ist. Könnten Sie uns die Adresse bestätigen, an die Sie "
        "gesendet haben? Ihre Einzahlungsseite zeigt die richtige Adresse für jedes Netzwerk."
    ),
}
