REPLIES = {
    "credited": (
        "Su depósito de {amount} {asset} en {network} ya se ha acreditado en su cuenta. "
        "Puede verlo en su saldo y en su historial de depósitos."
    ),
    "not_found": (
        "No hemos encontrado la transacción {tx} ni en el historial de su cuenta ni en la red. "
        "¿Podría comprobar el hash de la transacción e indicarnos por qué red la envió?"
    ),
    "awaiting_confirmations": (
        "Su depósito de {amount} {asset} en {network} ya está en la red y tiene {confirmations} de las "
        "{required} confirmaciones que necesitamos. Se acreditará automáticamente al llegar a {required}; "
        "no tiene que hacer nada."
    ),
    "deposits_suspended": (
        "Su depósito de {amount} {asset} ha llegado a {network}. Los depósitos en {network} están pausados "
        "temporalmente por nuestra parte; los que llegan mientras tanto se procesan cuando se reanuda la "
        "red. Le mantendremos informado aquí."
    ),
    "below_minimum": (
        "Su depósito de {amount} {asset} en {network} es inferior al depósito mínimo de {minimum} {asset}, "
        "por lo que no se acreditó automáticamente. Nuestro equipo de billeteras lo está revisando y le "
        "indicará qué opciones hay."
    ),
    "not_credited": (
        "Su depósito de {amount} {asset} en {network} está confirmado en la red, pero aún no se ha "
        "acreditado. Lo hemos pasado a nuestro equipo de billeteras para que lo investigue y le "
        "informaremos aquí."
    ),
    "wrong_network": (
        "La transacción {tx} se envió por {network}, pero la dirección de depósito se emitió para "
        "{expected_network}. Los depósitos enviados por otra red no se acreditan automáticamente. Nuestro "
        "equipo de billeteras está revisando su caso y le dirá qué es posible; no podemos prometer que los "
        "fondos se puedan recuperar."
    ),
    "unsupported_token": (
        "La transacción {tx} envió un token {asset} de un contrato que no admitimos en {network} (por "
        "ejemplo, una versión puenteada del token), por lo que no se acredita automáticamente. Nuestro "
        "equipo de billeteras está revisando su caso y le dirá qué es posible; no podemos prometer una "
        "recuperación."
    ),
    "memo_missing": (
        "Su depósito de {amount} {asset} en {network} llegó sin el memo/etiqueta que identifica su cuenta, "
        "por lo que no pudo acreditarse automáticamente. Nuestro equipo de billeteras lo está revisando. "
        "Incluya siempre el memo/etiqueta que aparece en su página de depósito."
    ),
    "memo_wrong": (
        "Su depósito de {amount} {asset} en {network} llegó con un memo/etiqueta ({memo}) que no "
        "corresponde a su cuenta, por lo que no pudo acreditarse automáticamente. Nuestro equipo de "
        "billeteras lo está revisando y le informará aquí."
    ),
    "withdrawal_queued": (
        "Su retiro de {amount} {asset} en {network} está en nuestra cola de procesamiento y aún no se ha "
        "enviado a la red. Se enviará en cuanto se procese; por favor, no lo vuelva a solicitar."
    ),
    "withdrawal_review": (
        "Su retiro de {amount} {asset} en {network} está pasando una revisión de rutina antes de enviarse. "
        "Le contactaremos si necesitamos algo de usted."
    ),
    "withdrawal_broadcast": (
        "Su retiro de {amount} {asset} se ha enviado a la red {network} (transacción {tx}) y está "
        "esperando confirmaciones: {confirmations} de {required} hasta ahora."
    ),
    "withdrawal_confirmed": (
        "Su retiro de {amount} {asset} en {network} está confirmado en la red (transacción {tx}). Si "
        "todavía no aparece en la plataforma de destino, contacte con ella indicando este hash: acreditan "
        "según sus propios plazos."
    ),
    "withdrawal_failed": (
        "Su retiro de {amount} {asset} en {network} no pudo completarse. Nuestro equipo lo está revisando "
        "y le informará aquí; por favor, no lo vuelva a solicitar hasta entonces."
    ),
    "failed_on_chain": (
        "La transacción {tx} en {network} falló en la red, por lo que no transfirió fondos. Nuestro equipo "
        "de billeteras puede ayudarle a comprobar qué ocurrió."
    ),
    "stuck_low_fee": (
        "La transacción {tx} en {network} está a la espera de ser incluida porque la comisión que ofrece "
        "es inferior a la comisión base actual de la red. Avanzará cuando bajen las comisiones, o quien la "
        "envió puede reemplazarla con una comisión mayor."
    ),
    "sent_to_contract": (
        "La transacción {tx} envió {amount} {asset} en {network} a la dirección de un contrato inteligente, "
        "no a una billetera. Que los fondos enviados a un contrato puedan devolverse depende de ese "
        "contrato; nuestro equipo de billeteras está revisando su caso y no podemos prometer una "
        "recuperación."
    ),
    "not_our_address": (
        "La transacción {tx} en {network} se envió a una dirección que no es ninguna de las direcciones "
        "de depósito emitidas para su cuenta. ¿Podría confirmarnos a qué dirección la envió? Su página "
        "de depósito muestra la dirección correcta para cada red."
    ),
}
