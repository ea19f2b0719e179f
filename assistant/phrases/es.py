# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "español",
    "answer_intro": "Esto es lo que dice nuestro centro de ayuda sobre el tema:",
    "answer_close_chat": "¿Se ha resuelto tu duda? Si no, una persona se encargará a partir de aquí.",
    "answer_close_mail": "¿Se ha resuelto tu duda? Si no, responde a este mensaje y te atenderá una persona.",
    "not_translated": "Este artículo aún no está disponible en {language}; aquí lo tienes en inglés.",
    "read_more": "Lee el artículo completo: {url}",
    "greeting": (
        "¡Hola! Soy el asistente de soporte de CryptoX. Cuéntame con qué necesitas ayuda, por ejemplo un "
        "depósito, un retiro o tu cuenta, y te daré la respuesta o te pondré con la persona adecuada."
    ),
    "greeting_close_chat": "Puedes pedir hablar con una persona en cualquier momento.",
    "greeting_close_mail": "Responde a este mensaje con tu pregunta; siempre puedes pedir que te atienda una persona.",
    "redirect_price_prediction": (
        "No podemos dar asesoramiento de inversión, predecir precios ni recomendar qué moneda comprar o vender."
    ),
    "redirect_other_exchange_account": (
        "Parece una consulta sobre otra plataforma o sobre tu propia cartera. No podemos ver ni modificar "
        "cuentas ni carteras fuera de CryptoX, así que el soporte de esa plataforma es quien puede ayudarte."
    ),
    "redirect_unsupported_request": "Esto es algo que nuestro equipo de soporte no puede hacer, y preferimos decírtelo con claridad.",
    "status_intro_withdrawal": "Esto es lo que vemos de tu retiro:",
    "status_intro_deposit": "Esto es lo que vemos de tu depósito:",
    "status_withdrawal_queued": (
        "Está en nuestra cola de procesamiento y todavía no se ha enviado a la red. Normalmente los retiros "
        "se envían en {expected}; por favor, no lo vuelvas a solicitar."
    ),
    "status_withdrawal_queued_congested": (
        "Está en nuestra cola de procesamiento. La red {network} está saturada en este momento, así que el "
        "envío puede tardar hasta {expected}; por favor, no lo vuelvas a solicitar."
    ),
    "status_withdrawal_broadcast": (
        "Se ha enviado a la red {network} y lleva {confirmations} de {required} confirmaciones. Normalmente "
        "se completa en {expected}."
    ),
    "status_withdrawal_completed": (
        "Está completado y confirmado en la red {network}. Si aún no aparece en la plataforma de destino, "
        "facilítales el hash de la transacción que ves abajo: ellos lo abonan según sus propios plazos."
    ),
    "status_deposit_confirming": (
        "Ha llegado a la red {network} y tiene {confirmations} de las {required} confirmaciones que "
        "necesitamos. Se abona automáticamente al llegar a {required}, normalmente en {expected}; no tienes "
        "que hacer nada."
    ),
    "status_deposit_credited": "Ya está abonado en tu cuenta; puedes verlo en tu saldo y en tu historial de depósitos.",
    "fact_amount": "Importe",
    "fact_network": "Red",
    "fact_status": "Estado",
    "fact_confirmations": "Confirmaciones",
    "fact_tx": "Hash de la transacción",
    "confirmations_of": "{have} de {need}",
    "state_queued": "en la cola de procesamiento",
    "state_broadcast": "enviado, esperando confirmaciones",
    "state_confirming": "esperando confirmaciones",
    "state_completed": "completado",
    "state_credited": "abonado",
    "handoff_team": "Gracias por tu mensaje. Se lo he pasado a {team}; te responderán aquí.",
    "handoff_wait_chat": "Una persona debería unirse a este chat en unos {wait}.",
    "handoff_wait": "Puedes esperar una respuesta en unos {wait}.",
    "handoff_off_shift": (
        "Ahora mismo no están de servicio: vuelven a las {time} UTC, dentro de unos {wait}, y te responderán entonces."
    ),
    "handoff_other_team": "Compañeros de otra zona horaria están de servicio ahora y podrían atenderte antes.",
    "handoff_soon": "Una persona te responderá aquí lo antes posible.",
    "handoff_details": "Tienen todo lo que has escrito, así que no tendrás que repetirlo.",
    "safety": (
        "Nunca te pediremos tu contraseña, tus códigos 2FA ni tu frase semilla. No se los des a nadie, "
        "aunque diga que trabaja para CryptoX."
    ),
    "team_general": "nuestro equipo de soporte",
    "team_wallets_onchain": "nuestros especialistas en carteras y operaciones on-chain",
    "team_account_security": "nuestro equipo de seguridad de cuentas",
    "team_kyc_verification": "nuestro equipo de verificación de identidad",
    "team_payments_fiat": "nuestro equipo de pagos",
    "team_p2p": "nuestro equipo de trading P2P",
    "team_trading": "nuestros especialistas en trading",
    "team_api": "nuestros especialistas en API",
    "team_executive": "nuestro equipo de soporte sénior",
    "team_none": "nuestro equipo de soporte",
    "minute_one": "{n} minuto",
    "minutes": "{n} minutos",
    "hour_one": "{n} hora",
    "hours": "{n} horas",
    "day_one": "{n} día",
    "days": "{n} días",
    "minutes_few": "{n} minutos",
    "hours_few": "{n} horas",
    "days_few": "{n} días",
}
