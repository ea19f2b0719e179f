# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "português",
    "answer_intro": "Veja o que a nossa central de ajuda diz sobre isso:",
    "answer_close_chat": "Isso resolveu sua dúvida? Se não, uma pessoa vai continuar o atendimento daqui.",
    "answer_close_mail": "Isso resolveu sua dúvida? Se não, responda a esta mensagem para falar com uma pessoa.",
    "not_translated": "Este artigo ainda não está disponível em {language}; aqui está ele em inglês.",
    "read_more": "Leia o artigo completo: {url}",
    "greeting": (
        "Olá! Sou o assistente de suporte da CryptoX. Conte com o que você precisa de ajuda, por exemplo "
        "um depósito, um saque ou a sua conta, e eu encontro a resposta ou a pessoa certa para você."
    ),
    "greeting_close_chat": "Você pode pedir para falar com uma pessoa a qualquer momento.",
    "greeting_close_mail": "Responda a esta mensagem com a sua pergunta; uma pessoa está sempre a uma resposta de distância.",
    "redirect_price_prediction": (
        "Não podemos dar recomendações de investimento, prever preços nem indicar qual moeda comprar ou vender."
    ),
    "redirect_other_exchange_account": (
        "Parece uma dúvida sobre outra plataforma ou sobre a sua própria carteira. Não conseguimos ver nem "
        "alterar contas e carteiras fora da CryptoX, então o suporte dessa plataforma é o lugar certo."
    ),
    "redirect_unsupported_request": "Isso é algo que a nossa equipe de suporte não pode fazer, e preferimos dizer isso com clareza.",
    "status_intro_withdrawal": "Veja o que consta sobre o seu saque:",
    "status_intro_deposit": "Veja o que consta sobre o seu depósito:",
    "status_withdrawal_queued": (
        "Ele está na nossa fila de processamento e ainda não foi enviado à rede. Os saques normalmente são "
        "enviados em até {expected}; por favor, não faça o pedido de novo."
    ),
    "status_withdrawal_queued_congested": (
        "Ele está na nossa fila de processamento. A rede {network} está congestionada no momento, então o "
        "envio pode levar até {expected}; por favor, não faça o pedido de novo."
    ),
    "status_withdrawal_broadcast": (
        "Ele foi enviado à rede {network} e tem {confirmations} de {required} confirmações até agora. "
        "Normalmente é concluído em até {expected}."
    ),
    "status_withdrawal_completed": (
        "Ele foi concluído e confirmado na rede {network}. Se ainda não aparece na plataforma de destino, "
        "informe a eles o hash da transação abaixo: eles creditam conforme os próprios prazos."
    ),
    "status_deposit_confirming": (
        "Ele chegou à rede {network} e tem {confirmations} das {required} confirmações de que precisamos. "
        "É creditado automaticamente ao chegar a {required}, normalmente em até {expected}; você não precisa "
        "fazer nada."
    ),
    "status_deposit_credited": "Ele já foi creditado na sua conta; você pode vê-lo no saldo e no histórico de depósitos.",
    "fact_amount": "Valor",
    "fact_network": "Rede",
    "fact_status": "Status",
    "fact_confirmations": "Confirmações",
    "fact_tx": "Hash da transação",
    "confirmations_of": "{have} de {need}",
    "state_queued": "na fila de processamento",
    "state_broadcast": "enviado, aguardando confirmações",
    "state_confirming": "aguardando confirmações",
    "state_completed": "concluído",
    "state_credited": "creditado",
    "handoff_team": "Obrigado pela mensagem. Eu a encaminhei para {team}; você receberá a resposta aqui.",
    "handoff_wait_chat": "Uma pessoa deve entrar neste chat em cerca de {wait}.",
    "handoff_wait": "Você pode esperar uma resposta em cerca de {wait}.",
    "handoff_off_shift": (
        "Eles não estão em expediente agora: voltam às {time} UTC, daqui a cerca de {wait}, e responderão então."
    ),
    "handoff_other_team": "Colegas em outro fuso horário estão em expediente agora e podem atender antes.",
    "handoff_soon": "Uma pessoa vai responder aqui assim que possível.",
    "handoff_details": "Eles têm tudo o que você escreveu, então não será preciso repetir.",
    "safety": (
        "Nunca pediremos sua senha, seus códigos 2FA ou sua frase de recuperação. Não os compartilhe com "
        "ninguém, mesmo com quem diga trabalhar na CryptoX."
    ),
    "team_general": "nossa equipe de suporte",
    "team_wallets_onchain": "nossos especialistas em carteiras e transações on-chain",
    "team_account_security": "nossa equipe de segurança de contas",
    "team_kyc_verification": "nossa equipe de verificação de identidade",
    "team_payments_fiat": "nossa equipe de pagamentos",
    "team_p2p": "nossa equipe de negociação P2P",
    "team_trading": "nossos especialistas em negociação",
    "team_api": "nossos especialistas em API",
    "team_executive": "nossa equipe de suporte sênior",
    "team_none": "nossa equipe de suporte",
    "minute_one": "{n} minuto",
    "minutes": "{n} minutos",
    "hour_one": "{n} hora",
    "hours": "{n} horas",
    "day_one": "{n} dia",
    "days": "{n} dias",
    "minutes_few": "{n} minutos",
    "hours_few": "{n} horas",
    "days_few": "{n} dias",
}
