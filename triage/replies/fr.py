REPLIES = {
    "credited": (
        "Votre dépôt de {amount} {asset} sur {network} a été crédité sur votre compte. "
        "Vous le voyez dans votre solde et dans l'historique de vos dépôts."
    ),
    "not_found": (
        "Nous n'avons trouvé la transaction {tx} ni dans l'historique de votre compte ni sur le réseau. "
        "Pourriez-vous vérifier le hash de la transaction et nous indiquer le réseau utilisé ?"
    ),
    "awaiting_confirmations": (
        "Votre dépôt de {amount} {asset} sur {network} est arrivé sur le réseau et compte {confirmations} "
        "des {required} confirmations nécessaires. Il sera crédité automatiquement à {required} "
        "confirmations ; vous n'avez rien à faire."
    ),
    "deposits_suspended": (
        "Votre dépôt de {amount} {asset} est arrivé sur {network}. Les dépôts sur {network} sont "
        "temporairement suspendus de notre côté ; ceux qui arrivent entre-temps sont traités à la reprise "
        "du réseau. Nous vous tiendrons informé ici."
    ),
    "below_minimum": (
        "Votre dépôt de {amount} {asset} sur {network} est inférieur au dépôt minimum de {minimum} {asset}, "
        "il n'a donc pas été crédité automatiquement. Notre équipe portefeuilles l'examine et vous "
        "indiquera les options possibles."
    ),
    "not_credited": (
        "Votre dépôt de {amount} {asset} sur {network} est confirmé sur le réseau mais pas encore crédité. "
        "Nous l'avons transmis à notre équipe portefeuilles et vous tiendrons informé ici."
    ),
    "wrong_network": (
        "La transaction {tx} a été envoyée sur {network}, mais l'adresse de dépôt a été émise pour "
        "{expected_network}. Les dépôts envoyés sur un autre réseau ne sont pas crédités automatiquement. "
        "Notre équipe portefeuilles examine votre dossier et vous dira ce qui est possible ; nous ne "
        "pouvons pas promettre la récupération des fonds."
    ),
    "unsupported_token": (
        "La transaction {tx} a envoyé un jeton {asset} d'un contrat que nous ne prenons pas en charge sur "
        "{network} (par exemple une version pontée du jeton) ; il n'est donc pas crédité automatiquement. "
        "Notre équipe portefeuilles examine votre dossier et vous dira ce qui est possible ; nous ne "
        "pouvons pas promettre de récupération."
    ),
    "memo_missing": (
        "Votre dépôt de {amount} {asset} sur {network} est arrivé sans le mémo/tag qui identifie votre "
        "compte ; il n'a donc pas pu être crédité automatiquement. Notre équipe portefeuilles l'examine. "
        "Indiquez toujours le mémo/tag affiché sur votre page de dépôt."
    ),
    "memo_wrong": (
        "Votre dépôt de {amount} {asset} sur {network} est arrivé avec un mémo/tag ({memo}) qui ne "
        "correspond pas à votre compte ; il n'a donc pas pu être crédité automatiquement. Notre équipe "
        "portefeuilles l'examine et vous tiendra informé ici."
    ),
    "withdrawal_queued": (
        "Votre retrait de {amount} {asset} sur {network} est dans notre file de traitement et n'a pas "
        "encore été envoyé sur le réseau. Il le sera dès son traitement ; merci de ne pas le redemander."
    ),
    "withdrawal_review": (
        "Votre retrait de {amount} {asset} sur {network} fait l'objet d'une vérification de routine avant "
        "son envoi. Nous vous contacterons si nous avons besoin de quoi que ce soit."
    ),
    "withdrawal_broadcast": (
        "Votre retrait de {amount} {asset} a été envoyé sur le réseau {network} (transaction {tx}) et "
        "attend ses confirmations : {confirmations} sur {required} pour l'instant."
    ),
    "withdrawal_confirmed": (
        "Votre retrait de {amount} {asset} sur {network} est confirmé sur le réseau (transaction {tx}). "
        "S'il n'apparaît pas encore sur la plateforme destinataire, contactez-la avec ce hash : elle le "
        "crédite selon ses propres délais."
    ),
    "withdrawal_failed": (
        "Votre retrait de {amount} {asset} sur {network} n'a pas pu aboutir. Notre équipe le vérifie et "
        "vous tiendra informé ici ; merci de ne pas le redemander d'ici là."
    ),
    "failed_on_chain": (
        "La transaction {tx} sur {network} a échoué sur le réseau ; elle n'a donc transféré aucun fonds. "
        "Notre équipe portefeuilles peut vous aider à comprendre ce qui s'est passé."
    ),
    "stuck_low_fee": (
        "La transaction {tx} sur {network} attend d'être incluse car les frais proposés sont inférieurs aux "
        "frais de base actuels du réseau. Elle avancera quand les frais baisseront, ou l'expéditeur peut la "
        "remplacer avec des frais plus élevés."
    ),
    "sent_to_contract": (
        "La transaction {tx} a envoyé {amount} {asset} sur {network} à l'adresse d'un contrat intelligent, "
        "et non à un portefeuille. Le retour de fonds envoyés à un contrat dépend de ce contrat ; notre "
        "équipe portefeuilles examine votre dossier et nous ne pouvons pas promettre de récupération."
    ),
    "not_our_address": (
        "La transaction {tx} sur {network} a été envoyée à une adresse qui n'est pas l'une des adresses "
        "de dépôt émises pour votre compte. Pourriez-vous nous confirmer l'adresse utilisée ? Votre page "
        "de dépôt indique la bonne adresse pour chaque réseau."
    ),
}
