# ruff: noqa: E501, RUF001
"""Build the held-out tier-0 evaluation set, first half: `assistant/data/eval_a.jsonl`.

First messages a customer might send, for the `how_to`, `out_of_scope` and `complaint` intents of
docs/tier0-taxonomy.md, each labelled by hand with the conventions of that document.

    .venv/bin/python -m assistant.data.make_eval_a

Written independently of the training example bank so it measures the classifier honestly.
Placeholders in a text are filled with valid, randomly generated chain values (`Values`, fixed seed)
and become the message's expected mentions, in order:
  {EA} EVM address   {ET} EVM tx hash   {BA} BTC bech32 address   {B1} BTC base58 address
  {BT} BTC tx hash   {TA} Tron address   {TT} Tron tx hash   {SA} Solana address   {ST} Solana tx
Flags after the text: "my" (needs the customer's own data: normal, not tier-0), "d" (distress),
"se" (social engineering: account_security, not tier-0), "x" (follow-up open more than 7 days:
executive, high), "t=<team>" and "p=<priority>" (explicit team/priority).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from assistant.phrases import LANGUAGES
from assistant.taxonomy import INTENTS, MENTION_KINDS, PRIORITIES, SPECIALTIES
from triage.data.make_values import Values

OUT = Path(__file__).with_name("eval_a.jsonl")

Row = tuple[str, str, str, str, str]  # language, channel (c/e/w), intent, text, flags

EN: list[Row] = [
    (
        "en",
        "c",
        "fees_info",
        "hey whats the maker/taker fee on spot? does it go down if i trade more volume",
        "",
    ),
    (
        "en",
        "e",
        "fees_info",
        "Hello,\n\nCould you explain how the withdrawal fee for USDT is calculated? Is it a fixed amount per network or a percentage of what I withdraw?\n\nThanks,\nMark",
        "",
    ),
    ("en", "c", "fees_info", "why was i charged 0.35% on my last trade?? i thought fees were 0.1%", "my"),
    ("en", "w", "fees_info", "Do you charge a fee for converting small balances (dust) to BNB or USDT?", ""),
    ("en", "c", "deposit_networks_info", "can i deposit usdt on tron or only erc20", ""),
    (
        "en",
        "w",
        "deposit_networks_info",
        "Do I need a memo to deposit XRP? And what happens in general if someone forgets it?",
        "",
    ),
    (
        "en",
        "c",
        "deposit_networks_info",
        "the deposit page gives me {EA} for ETH. can i use the same address to send from arbitrum or base?",
        "",
    ),
    ("en", "c", "withdrawal_limits_info", "how long do btc withdrawals usually take", ""),
    (
        "en",
        "e",
        "withdrawal_limits_info",
        "Hi, I changed my password yesterday and read somewhere that there's a withdrawal hold afterwards. Is that normal, and how long does the hold last exactly? Not urgent, just planning ahead.",
        "",
    ),
    (
        "en",
        "c",
        "withdrawal_limits_info",
        "what is my current daily withdrawal limit? the app doesnt show it anywhere",
        "my",
    ),
    ("en", "c", "withdrawal_limits_info", "min withdrawal for SOL?", ""),
    (
        "en",
        "c",
        "twofa_setup_howto",
        "how do i move google authenticator to my new phone? i still have the old one working",
        "",
    ),
    (
        "en",
        "e",
        "twofa_setup_howto",
        "Hi there, I bought a YubiKey. Can I register it as a passkey / security key on my account, and can I keep the authenticator app as a backup? Cheers",
        "",
    ),
    ("en", "w", "twofa_setup_howto", "What is the anti-phishing code and where do I turn it on?", ""),
    (
        "en",
        "e",
        "kyc_process_info",
        "what documents do you accept for verification? i only have a residence permit, no passport",
        "",
    ),
    (
        "en",
        "e",
        "kyc_process_info",
        "Hello,\n\nBefore I upload anything: why do you need a selfie video, how long do you keep it and who sees it? I'd like to understand how my personal data is used under GDPR.\n\nRegards,\nS. Whitfield",
        "",
    ),
    ("en", "w", "supported_countries_info", "is p2p available in nigeria?", ""),
    (
        "en",
        "e",
        "supported_countries_info",
        "Hi, I'm moving from Germany to Canada next month. What happens to my account? Do I need to redo verification or can I keep using it as is?",
        "",
    ),
    (
        "en",
        "e",
        "api_usage_info",
        "Hi,\nwhat's the rate limit on the place-order endpoint? I keep getting HTTP 429 when I send more than ~10 orders a second. Is the limit per key or per IP?\nThanks",
        "",
    ),
    ("en", "e", "api_usage_info", "can sub-accounts have their own api keys with withdrawals disabled?", ""),
    (
        "en",
        "w",
        "api_usage_info",
        "Websocket order book stream: is there an incremental depth channel, or only full snapshots? And how do I resync after a gap in update ids?",
        "",
    ),
    ("en", "c", "staking_info", "if i unstake ETH how long until i get it back", ""),
    (
        "en",
        "e",
        "staking_info",
        "where are my staking rewards for last week? the ETH earn product shows nothing paid since monday",
        "my",
    ),
    (
        "en",
        "c",
        "block_explorer_howto",
        "how do i read this tx on etherscan {ET} it says Success but what do the block confirmations mean",
        "",
    ),
    (
        "en",
        "c",
        "block_explorer_howto",
        "whats the difference between a tx hash and an address lol. support keeps asking me for a txid",
        "",
    ),
    (
        "en",
        "w",
        "block_explorer_howto",
        "How do I look up a Bitcoin transaction on mempool.space and tell whether it is confirmed or still unconfirmed?",
        "",
    ),
    (
        "en",
        "c",
        "block_explorer_howto",
        "on solscan what does 'finalized' vs 'confirmed' mean? e.g. {ST}",
        "",
    ),
    (
        "en",
        "e",
        "account_closure_info",
        "Please tell me how to delete my account and what happens to my personal data afterwards. I only have some dust left on it.",
        "",
    ),
    ("en", "w", "account_closure_info", "can i reopen an account after closing it?", ""),
    (
        "en",
        "w",
        "account_closure_info",
        "If I close my account, do you still keep my ID documents? For how long?",
        "",
    ),
    (
        "en",
        "c",
        "referral_info",
        "how does the referral thing work, do i get a % of my friends fees forever or just for a while?",
        "",
    ),
    (
        "en",
        "c",
        "referral_info",
        "where is my referral bonus?? my friend signed up with my link 2 weeks ago and already traded",
        "my",
    ),
    (
        "en",
        "e",
        "tax_documents_info",
        "Hello, I need an annual statement for 2025 for my accountant. Do you issue 1099 forms for US users, or only a CSV export?",
        "",
    ),
    (
        "en",
        "w",
        "tax_documents_info",
        "how to export full transaction history as csv incl. deposits and withdrawals",
        "",
    ),
    ("en", "c", "trading_basics_info", "whats the difference between cross and isolated margin", ""),
    (
        "en",
        "c",
        "trading_basics_info",
        "first time buying btc, how do i actually do it with a debit card? step by step pls",
        "",
    ),
    (
        "en",
        "e",
        "trading_basics_info",
        "What is the funding rate on perpetual futures and why would a long position pay it? Trying to understand before I open anything.",
        "",
    ),
    ("en", "c", "p2p_howto", "how does escrow work in p2p? is my money safe if a seller doesnt release", ""),
    (
        "en",
        "w",
        "p2p_howto",
        "Requirements to become a verified P2P merchant? Deposit, volume, anything else?",
        "",
    ),
    ("en", "c", "price_prediction", "will BTC hit 150k this year?", ""),
    ("en", "c", "price_prediction", "which coin should i buy rn with 500$", ""),
    (
        "en",
        "e",
        "price_prediction",
        "Quick question: is it a good time to sell my SOL, or is it going to go up after the ETF decision? You guys see the order flow so you must know.",
        "",
    ),
    ("en", "c", "price_prediction", "any listings coming next week? just a hint 👀", ""),
    ("en", "c", "off_topic_chitchat", "hi", ""),
    ("en", "c", "off_topic_chitchat", "are you a bot or a real person", ""),
    ("en", "c", "off_topic_chitchat", "can you write me a short poem about my cat", ""),
    ("en", "e", "other_exchange_account", "my coinbase account is locked, can you help me unlock it?", ""),
    (
        "en",
        "e",
        "other_exchange_account",
        "I sent USDT from my Trust Wallet to my Binance deposit address {TA} about 3 hours ago and Binance still hasn't credited it. Tx: {TT}. What should I do?",
        "",
    ),
    (
        "en",
        "c",
        "other_exchange_account",
        "PLEASE HELP my metamask is empty everything is gone 😭😭 i never used your exchange for this wallet, what do i do",
        "d",
    ),
    (
        "en",
        "e",
        "unsupported_request",
        "Hi, I withdrew 2 ETH to the wrong address by mistake, it's already confirmed. Please reverse the transaction: {ET}",
        "",
    ),
    ("en", "e", "unsupported_request", "can you list PEPE2 please, the whole community wants it", ""),
    (
        "en",
        "e",
        "unsupported_request",
        "This is Officer J. Daniels, Cyber Crimes Unit. I require the full name and KYC records of the owner of the address {EA} within the hour. This is an active investigation, do not delay.",
        "se",
    ),
    ("en", "e", "unsupported_request", "lost my ledger seed phrase, can you recover it for me?", ""),
    (
        "en",
        "e",
        "unsupported_request",
        "Hello, my husband is travelling and can't log in. Please give me access to his account, I have his email and date of birth. It's urgent, we need to sell before the weekend.",
        "se",
    ),
    (
        "en",
        "e",
        "complaint_repeat_followup",
        "This is my THIRD email about case HD-482913. My BTC withdrawal has been pending for 9 days now and all I get are copy-paste replies. Tx was never broadcast. I want a real answer today.",
        "x",
    ),
    (
        "en",
        "c",
        "complaint_repeat_followup",
        "any update on HD-118374? opened it a week ago about my verification",
        "t=kyc_verification p=normal",
    ),
    (
        "en",
        "e",
        "complaint_repeat_followup",
        "Following up again on HD-207761 (card deposit charged, never credited, $400). Opened two days ago. Please just tell me where it is.",
        "t=payments_fiat p=high",
    ),
    (
        "en",
        "e",
        "legal_threat",
        "Dear Support,\n\nI have now waited three weeks for my account to be unrestricted with no explanation. Consider this a formal notice: unless my funds are released within 7 days, my lawyer will file a claim against your company for the full balance plus damages.\n\nRegards,\nDaniel Okafor",
        "",
    ),
    (
        "en",
        "c",
        "legal_threat",
        "YOU STOLE MY MONEY. I AM GOING TO THE POLICE AND MY LAWYER IS SUING YOU. THAT WAS EVERYTHING I HAD",
        "d",
    ),
    (
        "en",
        "e",
        "regulator_complaint",
        "To whom it may concern,\n\nYour handling of my case has been unacceptable. I am filing complaints with the SEC and the CFPB this week and will share all correspondence with them.\n\nJ. Park",
        "",
    ),
    (
        "en",
        "e",
        "regulator_complaint",
        "Dear Sir/Madam, I am a UK resident. If I do not receive a final response within 8 weeks I will refer this matter to the Financial Ombudsman, and I have already reported your firm to the FCA.",
        "",
    ),
]

ES: list[Row] = [
    ("es", "c", "fees_info", "hola cuanto cobran de comision por retirar usdt en trc20?", ""),
    (
        "es",
        "e",
        "deposit_networks_info",
        "Buenas tardes,\n\nquería saber cuál es el depósito mínimo de BTC y cuántas confirmaciones necesitan para acreditarlo en la cuenta.\n\nGracias de antemano.",
        "",
    ),
    (
        "es",
        "c",
        "withdrawal_limits_info",
        "cuanto tardan normalmente los retiros a banco? es la primera vez q retiro",
        "",
    ),
    ("es", "c", "twofa_setup_howto", "como activo el google authenticator? ahora solo tengo sms", ""),
    (
        "es",
        "w",
        "kyc_process_info",
        "¿Cuánto tarda la verificación de nivel 2? ¿Aceptan cédula extranjera o solo pasaporte?",
        "",
    ),
    ("es", "e", "supported_countries_info", "funciona el p2p en argentina? se puede depositar pesos?", ""),
    (
        "es",
        "e",
        "staking_info",
        "Hola, ¿el APY del staking de SOL es fijo o variable? ¿Hay algún periodo de bloqueo si quiero sacarlo antes?",
        "",
    ),
    (
        "es",
        "w",
        "trading_basics_info",
        "q es una orden stop limit? no entiendo la diferencia con stop market",
        "",
    ),
    ("es", "c", "p2p_howto", "cuanto tiempo tengo para pagar en una orden p2p antes q se cancele sola", ""),
    (
        "es",
        "e",
        "tax_documents_info",
        "necesito mi historial de operaciones para la declaración de la renta (hacienda), como lo descargo?",
        "",
    ),
    ("es", "c", "price_prediction", "crees q ETH va a subir la semana q viene? compro ahora o espero", ""),
    ("es", "c", "off_topic_chitchat", "holaaa 👋", ""),
    (
        "es",
        "e",
        "other_exchange_account",
        "Hola, tengo un problema con mi cuenta de Bybit, no me deja retirar desde hace dos días. ¿Ustedes me pueden ayudar o hablar con ellos?",
        "",
    ),
    (
        "es",
        "e",
        "regulator_complaint",
        "Estimados señores:\n\nLlevo semanas reclamando sin obtener una respuesta seria. Les informo de que presentaré una reclamación formal ante la CNMV y el Banco de España, adjuntando toda nuestra correspondencia.\n\nAtentamente,\nLucía Fernández",
        "",
    ),
    (
        "es",
        "e",
        "complaint_repeat_followup",
        "Es la cuarta vez que escribo por el caso HD-330912. Hace dos semanas que mi retiro SEPA de 2.300 € salió de mi saldo y no ha llegado a mi banco. Nadie me da una fecha. Exijo una solución ya.",
        "x",
    ),
    (
        "es",
        "c",
        "legal_threat",
        "ESTO ES UN ROBO!!! llevan un mes con mis 8000 dolares retenidos, son TODOS mis ahorros 😭😭 mi abogado ya tiene todo preparado, los voy a denunciar",
        "d",
    ),
]

PT: list[Row] = [
    ("pt", "c", "fees_info", "qual a taxa pra converter real em usdt? tem spread escondido?", ""),
    ("pt", "c", "deposit_networks_info", "posso depositar USDC pela rede Polygon ou só ERC20?", ""),
    (
        "pt",
        "w",
        "withdrawal_limits_info",
        "Qual o limite de saque diário pra conta nível 1? E se eu subir pro nível 2 aumenta quanto?",
        "",
    ),
    (
        "pt",
        "e",
        "kyc_process_info",
        "Olá, boa tarde.\nGostaria de saber se a CNH digital é aceita na verificação de identidade ou se precisa ser o RG físico.\nObrigado!",
        "",
    ),
    (
        "pt",
        "e",
        "supported_countries_info",
        "vcs aceitam pix pra quem mora em portugal? tenho conta no brasil ainda",
        "",
    ),
    ("pt", "c", "staking_info", "o rendimento do staking cai todo dia ou só no fim do periodo?", ""),
    ("pt", "c", "referral_info", "como pego meu link de indicação? nao acho no app", ""),
    (
        "pt",
        "e",
        "tax_documents_info",
        "Bom dia, preciso das informações para declarar na Receita Federal. Vocês fornecem algum relatório anual ou informe de rendimentos?",
        "",
    ),
    ("pt", "c", "trading_basics_info", "o que é alavancagem 10x? se cair 10% eu perco tudo??", ""),
    ("pt", "w", "p2p_howto", "como virar anunciante no p2p? precisa ter quanto de saldo", ""),
    ("pt", "c", "price_prediction", "mano vale a pena comprar solana agora ou vai cair mais", ""),
    ("pt", "c", "off_topic_chitchat", "vc é robô?", ""),
    (
        "pt",
        "e",
        "unsupported_request",
        "mandei usdt trc20 pro endereço errado, tem como cancelar? o hash é {TT}",
        "",
    ),
    (
        "pt",
        "e",
        "complaint_repeat_followup",
        "Já é a terceira vez que mando mensagem. Protocolo HD-774201: depósito via Pix de R$ 1.500 debitado da minha conta e não creditado, faz 3 dias. Até quando vou esperar?",
        "t=payments_fiat p=high",
    ),
    (
        "pt",
        "e",
        "legal_threat",
        "Prezados,\n\nDiante da ausência total de resposta sobre minha conta bloqueada há 20 dias, informo que meu advogado vai entrar com ação judicial contra a empresa, pedindo inclusive danos morais.\n\nAtt,\nRafael Souza",
        "",
    ),
    (
        "pt",
        "w",
        "regulator_complaint",
        "Se não resolverem meu caso até sexta vou registrar reclamação no Banco Central e na CVM. Já tenho todos os prints.",
        "",
    ),
]

FR: list[Row] = [
    (
        "fr",
        "e",
        "fees_info",
        "Bonjour,\n\nPourriez-vous m'expliquer comment sont calculés les frais sur les contrats à terme (maker/taker et frais de financement) ?\n\nMerci d'avance,\nClaire",
        "",
    ),
    ("fr", "w", "deposit_networks_info", "faut il un tag pour déposer du XLM ?", ""),
    (
        "fr",
        "c",
        "withdrawal_limits_info",
        "pourquoi on peut pas retirer pendant 24h après avoir changé le mot de passe ? c'est la règle pour tout le monde ?",
        "",
    ),
    (
        "fr",
        "c",
        "twofa_setup_howto",
        "comment ajouter une clé de sécurité (passkey) en plus de l'appli authenticator",
        "",
    ),
    ("fr", "w", "twofa_setup_howto", "Comment activer la liste blanche d'adresses de retrait ?", ""),
    (
        "fr",
        "e",
        "kyc_process_info",
        "Bonjour, combien de temps prend la vérification en général ? Et pourquoi demandez-vous un justificatif de domicile de moins de 3 mois ?",
        "",
    ),
    (
        "fr",
        "e",
        "account_closure_info",
        "je veux fermer mon compte, comment on fait ? il me reste genre 3€ de btc dessus",
        "",
    ),
    (
        "fr",
        "e",
        "api_usage_info",
        "Bonjour,\nLes clés API d'un sous-compte peuvent-elles passer des ordres sur le compte principal, ou sont-elles limitées au sous-compte ?\nCordialement",
        "",
    ),
    (
        "fr",
        "e",
        "block_explorer_howto",
        "sur un explorateur une transaction btc indique '1 confirmation', ça veut dire quoi ? il en faut combien pour que ce soit définitif ?",
        "",
    ),
    ("fr", "c", "price_prediction", "vous pensez que le XRP va exploser après le procès ?", ""),
    ("fr", "c", "off_topic_chitchat", "bonjour, vous êtes un humain ?", ""),
    (
        "fr",
        "e",
        "other_exchange_account",
        "Bonjour, j'ai envoyé de l'ETH depuis mon Ledger vers mon compte Kraken ({EA}) et rien n'apparaît chez eux. Tx : {ET}. Pouvez-vous vérifier ?",
        "",
    ),
    (
        "fr",
        "e",
        "regulator_complaint",
        "Madame, Monsieur,\n\nFaute de réponse satisfaisante à mes réclamations, je vous informe que je saisis l'AMF ainsi que la DGCCRF. Une copie de nos échanges leur sera transmise.\n\nVeuillez agréer mes salutations.\nP. Moreau",
        "",
    ),
    (
        "fr",
        "e",
        "complaint_repeat_followup",
        "Relance n°3 concernant le dossier HD-209355, ouvert il y a plus d'un mois. Mon dépôt de 0,4 BTC n'est toujours pas crédité. C'est inadmissible.",
        "x",
    ),
    (
        "fr",
        "c",
        "legal_threat",
        "mise en demeure : si mon compte n'est pas débloqué sous 48h mon avocat saisit le tribunal. je ne plaisante pas",
        "",
    ),
]

DE: list[Row] = [
    ("de", "c", "fees_info", "wie hoch sind die gebühren für ne sepa einzahlung?", ""),
    (
        "de",
        "e",
        "deposit_networks_info",
        "Guten Tag,\n\nwelche Netzwerke unterstützen Sie für USDT-Einzahlungen, und wie viele Bestätigungen brauchen Einzahlungen über Arbitrum?\n\nMit freundlichen Grüßen\nT. Becker",
        "",
    ),
    ("de", "w", "withdrawal_limits_info", "was ist die mindestauszahlung für eth?", ""),
    (
        "de",
        "e",
        "kyc_process_info",
        "Hallo, welche Verifizierungsstufen gibt es bei euch und was kann ich ganz ohne Verifizierung machen?",
        "",
    ),
    ("de", "e", "supported_countries_info", "ich ziehe in die schweiz, kann ich mein konto behalten?", ""),
    ("de", "c", "staking_info", "gibts beim eth staking ein slashing risiko für mich als nutzer?", ""),
    (
        "de",
        "w",
        "tax_documents_info",
        "Stellt ihr einen Jahresreport / Steuerreport fürs Finanzamt aus? Brauche das für die Anlage SO.",
        "",
    ),
    (
        "de",
        "c",
        "trading_basics_info",
        "was ist der unterschied zwischen spot und futures? bin komplett neu",
        "",
    ),
    (
        "de",
        "e",
        "account_closure_info",
        "Sehr geehrte Damen und Herren,\n\nbitte teilen Sie mir mit, wie ich mein Konto dauerhaft löschen kann und ob meine personenbezogenen Daten danach gemäß DSGVO gelöscht werden.\n\nMit freundlichen Grüßen",
        "",
    ),
    ("de", "c", "api_usage_info", "gibts nen websocket für private order updates oder muss ich pollen?", ""),
    (
        "de",
        "c",
        "price_prediction",
        "lohnt sich jetzt noch der einstieg in bitcoin oder kommt noch ein crash?",
        "",
    ),
    ("de", "c", "off_topic_chitchat", "Moin! Wie ist das Wetter bei euch? 😄", ""),
    (
        "de",
        "e",
        "unsupported_request",
        "Ich bin der Sohn von einem Kunden, mein Vater liegt im Krankenhaus. Geben Sie mir bitte Zugang zu seinem Konto, ich kenne seine E-Mail, nur das Passwort nicht. Es eilt!!",
        "se",
    ),
    (
        "de",
        "e",
        "regulator_complaint",
        "Sehr geehrte Damen und Herren,\n\nda meine BTC-Auszahlung (Tx {BT}) seit Wochen ungeklärt ist, habe ich heute Beschwerde bei der BaFin eingereicht. Ich erwarte eine schriftliche Stellungnahme.\n\nM. Schulz",
        "",
    ),
    (
        "de",
        "e",
        "complaint_repeat_followup",
        "Ticket HD-561002 – seit genau einer Woche keine Antwort bzgl. meiner 2FA-Zurücksetzung. Bitte melden Sie sich.",
        "t=account_security p=normal",
    ),
]

IT: list[Row] = [
    ("it", "c", "fees_info", "quanto costa prelevare btc? commissione fissa o in %?", ""),
    ("it", "w", "deposit_networks_info", "si può depositare USDT su rete Solana?", ""),
    (
        "it",
        "e",
        "withdrawal_limits_info",
        "Buongiorno,\nquali sono i limiti di prelievo giornalieri per un account con verifica base?\nGrazie",
        "",
    ),
    (
        "it",
        "e",
        "twofa_setup_howto",
        "come cambio telefono con l'autenticatore senza perdere l'accesso? ho ancora il vecchio",
        "",
    ),
    (
        "it",
        "w",
        "kyc_process_info",
        "La carta d'identità elettronica va bene per la verifica o serve il passaporto?",
        "",
    ),
    ("it", "c", "referral_info", "quanto si guadagna invitando amici? c'è un limite massimo?", ""),
    (
        "it",
        "e",
        "tax_documents_info",
        "Salve, per la dichiarazione dei redditi (quadro RW) mi serve un estratto del saldo al 31/12. Come posso scaricarlo?",
        "",
    ),
    ("it", "c", "trading_basics_info", "cos'è il funding rate nei perpetual?", ""),
    ("it", "c", "p2p_howto", "nel p2p quali metodi di pagamento si possono usare? c'è satispay?", ""),
    ("it", "c", "price_prediction", "secondo voi quale altcoin farà x10 quest'anno?", ""),
    ("it", "e", "other_exchange_account", "non riesco ad accedere a Young Platform, mi aiutate voi?", ""),
    (
        "it",
        "e",
        "regulator_complaint",
        "Spettabile assistenza,\n\nin assenza di riscontro entro 5 giorni procederò con una segnalazione alla Consob e alla Banca d'Italia.\n\nDistinti saluti,\nGiulia Rinaldi",
        "",
    ),
    (
        "it",
        "c",
        "complaint_repeat_followup",
        "ciao vi ho scritto ieri per il bonifico di prelievo che non è arrivato, pratica HD-093417, novità?",
        "t=payments_fiat p=high",
    ),
    (
        "it",
        "e",
        "legal_threat",
        "Spett.le società,\n\nil mio legale vi invierà a breve una diffida formale per il mancato sblocco dei miei fondi. Successivamente procederemo per vie legali.\n\nMarco Ferri",
        "",
    ),
]

NL: list[Row] = [
    ("nl", "c", "fees_info", "wat zijn de kosten om euro via ideal te storten?", ""),
    (
        "nl",
        "c",
        "deposit_networks_info",
        "hoeveel bevestigingen duurt een btc storting voordat ie erop staat?",
        "",
    ),
    (
        "nl",
        "e",
        "withdrawal_limits_info",
        "Hallo,\n\nHoe lang duurt een opname naar een Nederlandse bankrekening gemiddeld? En is er een maximum per dag?\n\nGroet, Sanne",
        "",
    ),
    ("nl", "c", "twofa_setup_howto", "hoe zet ik een anti-phishing code aan", ""),
    (
        "nl",
        "e",
        "kyc_process_info",
        "Goedendag, waarom moet ik de herkomst van mijn vermogen aantonen en welke documenten zijn daarvoor geschikt?",
        "",
    ),
    (
        "nl",
        "w",
        "supported_countries_info",
        "is jullie app ook beschikbaar in belgie of alleen nederland?",
        "",
    ),
    (
        "nl",
        "w",
        "staking_info",
        "Ik zie sinds vorige week geen staking beloningen meer op mijn ADA. Kunnen jullie kijken wat er aan de hand is?",
        "my",
    ),
    ("nl", "c", "block_explorer_howto", "waar zie ik op tronscan of een transactie gelukt is?", ""),
    ("nl", "e", "account_closure_info", "kan ik mijn account sluiten als er nog saldo op staat?", ""),
    ("nl", "c", "off_topic_chitchat", "goedemorgen", ""),
    ("nl", "c", "price_prediction", "gaat ethereum nog stijgen dit jaar? wat denken jullie", ""),
    (
        "nl",
        "e",
        "regulator_complaint",
        "Geachte heer/mevrouw,\n\nOmdat mijn klacht al weken niet wordt opgepakt, heb ik vandaag een melding gedaan bij de AFM en DNB. Ik overweeg ook naar het Kifid te stappen.\n\nMet vriendelijke groet,\nJ. de Vries",
        "",
    ),
    (
        "nl",
        "e",
        "complaint_repeat_followup",
        "Al 10 dagen wacht ik op antwoord op zaak HD-650118 over mijn geblokkeerde opname. Dit is mijn vierde bericht. Wanneer krijg ik mijn geld?",
        "x",
    ),
    (
        "nl",
        "e",
        "unsupported_request",
        "kunnen jullie mijn usdt unfreezen? tether heeft mijn adres {TA} bevroren",
        "",
    ),
]

PL: list[Row] = [
    ("pl", "c", "fees_info", "ile wynosi prowizja za wymiane BTC na PLN?", ""),
    ("pl", "c", "deposit_networks_info", "czy moge wplacic USDT przez siec BEP20?", ""),
    (
        "pl",
        "c",
        "withdrawal_limits_info",
        "jaki mam limit wypłat na moim koncie? nie widze tego w aplikacji",
        "my",
    ),
    (
        "pl",
        "e",
        "twofa_setup_howto",
        "Dzień dobry,\njak dodać klucz sprzętowy YubiKey jako drugi składnik logowania?\nPozdrawiam",
        "",
    ),
    ("pl", "e", "kyc_process_info", "ile zwykle trwa weryfikacja? wysłałem dowód wczoraj wieczorem", ""),
    (
        "pl",
        "w",
        "tax_documents_info",
        "Potrzebuję zestawienia transakcji do PIT-38. Jak wygenerować raport roczny?",
        "",
    ),
    ("pl", "c", "trading_basics_info", "co to jest margin izolowany?", ""),
    ("pl", "c", "p2p_howto", "jak dziala escrow w p2p? kiedy sprzedawca dostaje kase", ""),
    ("pl", "w", "api_usage_info", "jakie sa limity zapytan dla rest api?", ""),
    ("pl", "c", "price_prediction", "czy kupować teraz dogecoina? elon coś znowu pisał", ""),
    ("pl", "c", "off_topic_chitchat", "czy rozmawiam z botem?", ""),
    (
        "pl",
        "e",
        "regulator_complaint",
        "Szanowni Państwo,\n\ninformuję, że w związku z brakiem odpowiedzi złożyłem skargę do KNF oraz UOKiK.\n\nZ poważaniem,\nTomasz Nowak",
        "",
    ),
    (
        "pl",
        "e",
        "legal_threat",
        "Szanowni Państwo, jeśli do końca tygodnia nie odblokujecie moich środków, mój prawnik złoży pozew przeciwko Waszej firmie. To ostatnie ostrzeżenie.",
        "",
    ),
    (
        "pl",
        "c",
        "complaint_repeat_followup",
        "to juz trzeci raz pisze, HD-400871, moje BTC nie doszło od 5 dni, tx {BT}",
        "t=wallets_onchain p=high",
    ),
]

UK: list[Row] = [
    ("uk", "c", "fees_info", "яка комісія на виведення USDT в мережі TRC20?", ""),
    (
        "uk",
        "e",
        "deposit_networks_info",
        "Доброго дня!\nЧи потрібен мемо для депозиту TON? І яка мінімальна сума поповнення?\nДякую",
        "",
    ),
    ("uk", "c", "withdrawal_limits_info", "скільки часу зазвичай займає виведення на картку?", ""),
    ("uk", "c", "twofa_setup_howto", "як увімкнути білий список адрес для виведення?", ""),
    (
        "uk",
        "e",
        "kyc_process_info",
        "Добрий день. Чи можна пройти верифікацію з українським закордонним паспортом, якщо я зараз живу в Польщі?",
        "",
    ),
    ("uk", "e", "supported_countries_info", "чи працює p2p з гривнею?", ""),
    ("uk", "c", "staking_info", "скільки днів триває анстейкінг DOT?", ""),
    ("uk", "c", "referral_info", "де знайти свій реферальний код?", ""),
    ("uk", "w", "account_closure_info", "Як видалити акаунт і чи зберігаються мої дані після цього?", ""),
    ("uk", "c", "off_topic_chitchat", "привіт) ти бот?", ""),
    ("uk", "c", "price_prediction", "біткоїн ще впаде? чекати чи вже купувати", ""),
    ("uk", "c", "other_exchange_account", "не можу вивести гроші з WhiteBIT, допоможіть будь ласка", ""),
    (
        "uk",
        "e",
        "complaint_repeat_followup",
        "Пишу вже вчетверте!!! Звернення HD-712540 відкрите два тижні, 3000 USDT так і не прийшли. Це всі мої заощадження, будь ласка допоможіть 😢😢",
        "x d",
    ),
    (
        "uk",
        "e",
        "legal_threat",
        "Шановна підтримко,\n\nякщо протягом трьох днів мій акаунт не буде розблоковано, я подаю заяву до поліції про шахрайство та позов до суду.\n\nОлег К.",
        "",
    ),
]

RU: list[Row] = [
    ("ru", "c", "fees_info", "какая комиссия мейкер тейкер на фьючах?", ""),
    (
        "ru",
        "c",
        "deposit_networks_info",
        "какой минимальный депозит USDT в сети TRC20? и сколько подтверждений нужно",
        "",
    ),
    (
        "ru",
        "e",
        "withdrawal_limits_info",
        "Здравствуйте.\nКакие лимиты на вывод без верификации и с базовой верификацией?\nСпасибо.",
        "",
    ),
    (
        "ru",
        "c",
        "twofa_setup_howto",
        "как перенести google authenticator на новый телефон, старый еще есть",
        "",
    ),
    ("ru", "w", "kyc_process_info", "какие документы нужны для верификации, загран подойдет?", ""),
    (
        "ru",
        "e",
        "api_usage_info",
        "Добрый день. Подскажите, какие права нужны API-ключу для торговли на маржинальном аккаунте, и можно ли полностью запретить вывод для этого ключа?",
        "",
    ),
    ("ru", "c", "block_explorer_howto", "как понять на etherscan что транзакция прошла? вот хеш {ET}", ""),
    ("ru", "c", "trading_basics_info", "что такое ставка финансирования и когда она списывается", ""),
    ("ru", "c", "p2p_howto", "как стать мерчантом на p2p, какие требования", ""),
    ("ru", "c", "price_prediction", "че думаете по TON, будет рост? брать?", ""),
    ("ru", "c", "off_topic_chitchat", "ку", ""),
    (
        "ru",
        "c",
        "unsupported_request",
        "Я из полиции, управление К. Нам срочно нужны данные владельца кошелька {TA}. Пришлите ФИО и номер телефона в течение часа.",
        "se",
    ),
    (
        "ru",
        "e",
        "legal_threat",
        "Уведомляю вас, что если мои средства не будут разблокированы, я подаю заявление в полицию по факту мошенничества и исковое заявление в суд. Все переписки сохранены.",
        "",
    ),
    (
        "ru",
        "e",
        "complaint_repeat_followup",
        "Обращение HD-305529. Уже неделю жду ответа по верификации, документы загружены. Сколько можно?",
        "t=kyc_verification p=normal",
    ),
    (
        "ru",
        "e",
        "other_exchange_account",
        "у меня на bybit заблокировали аккаунт, вы можете с ними связаться?",
        "",
    ),
]

TR: list[Row] = [
    ("tr", "c", "fees_info", "btc alım satımda komisyon ne kadar?", ""),
    ("tr", "c", "deposit_networks_info", "avax c-chain ile yatırma yapabilir miyim?", ""),
    ("tr", "c", "withdrawal_limits_info", "çekim genelde ne kadar sürüyor? ilk defa çekeceğim", ""),
    (
        "tr",
        "e",
        "kyc_process_info",
        "Merhaba, kimlik doğrulama için yeni tip çipli kimlik kartı yeterli mi yoksa pasaport mu gerekiyor?",
        "",
    ),
    ("tr", "e", "supported_countries_info", "türkiyeden havale ile TL yatırabiliyor muyuz?", ""),
    (
        "tr",
        "c",
        "staking_info",
        "stake ettiğim usdtyi istediğim zaman çekebilir miyim? kilit süresi var mı",
        "",
    ),
    (
        "tr",
        "w",
        "referral_info",
        "Arkadaşım davet linkimle kayıt oldu ve işlem yaptı ama ödülüm hesabıma gelmedi.",
        "my",
    ),
    ("tr", "w", "trading_basics_info", "limit emir ile market emir farkı ne", ""),
    ("tr", "c", "p2p_howto", "p2p de ödeme süresi kaç dakika? ücret var mı", ""),
    ("tr", "c", "price_prediction", "sizce bu hafta hangi coin pump olur 🚀🚀", ""),
    ("tr", "c", "off_topic_chitchat", "selam nasılsınız", ""),
    (
        "tr",
        "e",
        "regulator_complaint",
        "Sayın yetkili,\n\nsorunum çözülmezse SPK'ya ve Tüketici Hakem Heyeti'ne resmi şikayette bulunacağım.\n\nSaygılarımla,\nEmre Yılmaz",
        "",
    ),
    (
        "tr",
        "e",
        "complaint_repeat_followup",
        "HD-228840 numaralı talebim 2 haftadır cevapsız. USDT çekimim hala gelmedi. Artık bir yetkiliyle görüşmek istiyorum.",
        "x",
    ),
    (
        "tr",
        "e",
        "unsupported_request",
        "yeni bir token çıkardık, hemen listeleyebilir misiniz? ücret neyse öderiz",
        "",
    ),
]

AR: list[Row] = [
    ("ar", "c", "fees_info", "كم رسوم سحب USDT على شبكة ترون؟", ""),
    ("ar", "c", "deposit_networks_info", "هل لازم أكتب memo عند إيداع XRP؟", ""),
    (
        "ar",
        "e",
        "withdrawal_limits_info",
        "السلام عليكم،\nما هو الحد الأقصى للسحب اليومي للحسابات الموثقة؟\nوشكراً لكم",
        "",
    ),
    ("ar", "c", "twofa_setup_howto", "كيف أفعل المصادقة الثنائية بتطبيق Google Authenticator؟", ""),
    (
        "ar",
        "e",
        "kyc_process_info",
        "مرحبا، كم يستغرق التحقق من الهوية عادةً؟ وهل تُقبل الإقامة بدل جواز السفر؟",
        "",
    ),
    ("ar", "w", "supported_countries_info", "هل المنصة متاحة في مصر؟ وهل يوجد p2p بالجنيه؟", ""),
    ("ar", "e", "p2p_howto", "كيف يعمل الضمان (escrow) في p2p؟", ""),
    ("ar", "c", "staking_info", "متى يتم صرف أرباح الستيكنج؟ يوميا ولا أسبوعيا؟", ""),
    ("ar", "c", "price_prediction", "هل البيتكوين رح يرتفع بعد التنصيف؟ انصحوني", ""),
    ("ar", "c", "off_topic_chitchat", "مرحبا", ""),
    (
        "ar",
        "e",
        "other_exchange_account",
        "أرسلت USDT من محفظة Trust Wallet إلى عنوان خاطئ على شبكة BSC: {EA} هل يمكنكم استرجاعها؟ التحويل لم يكن من حسابي عندكم.",
        "",
    ),
    (
        "ar",
        "e",
        "complaint_repeat_followup",
        "هذه المرة الثالثة التي أراسلكم فيها بخصوص الطلب HD-518027. سحب التحويل البنكي لم يصل منذ 4 أيام. أرجو الرد.",
        "t=payments_fiat p=high",
    ),
    (
        "ar",
        "e",
        "legal_threat",
        "السادة الدعم الفني،\n\nفي حال عدم الإفراج عن أموالي خلال أسبوع، سأرفع دعوى قضائية ضد شركتكم عن طريق محاميّ.\n\nمع التحية",
        "",
    ),
    ("ar", "c", "regulator_complaint", "والله إذا ما حليتوا المشكلة رح أقدم شكوى لهيئة السوق المالية 😡", ""),
]

FA: list[Row] = [
    ("fa", "c", "fees_info", "کارمزد معاملات اسپات چقدره؟", ""),
    ("fa", "c", "deposit_networks_info", "میشه تتر رو با شبکه ترون واریز کرد؟ حداقل واریز چقدره", ""),
    ("fa", "c", "withdrawal_limits_info", "برداشت بیت کوین معمولا چقدر طول میکشه؟", ""),
    (
        "fa",
        "e",
        "twofa_setup_howto",
        "سلام، چطور میتونم یک کلید امنیتی (passkey) به حسابم اضافه کنم؟ ممنون",
        "",
    ),
    ("fa", "c", "kyc_process_info", "برای احراز هویت چه مدارکی لازمه؟", ""),
    (
        "fa",
        "e",
        "supported_countries_info",
        "من الان ترکیه زندگی میکنم، میتونم ثبت نام کنم و از خدمات استفاده کنم؟",
        "",
    ),
    ("fa", "c", "block_explorer_howto", "چطور هش تراکنش رو توی tronscan پیدا کنم؟", ""),
    ("fa", "w", "tax_documents_info", "چطور تاریخچه کامل معاملاتم رو به صورت فایل اکسل دانلود کنم؟", ""),
    ("fa", "c", "trading_basics_info", "فرق مارجین کراس و ایزوله چیه؟", ""),
    ("fa", "c", "price_prediction", "به نظرتون الان وقت خرید اتریومه؟", ""),
    ("fa", "c", "off_topic_chitchat", "سلام خوبین؟", ""),
    (
        "fa",
        "c",
        "unsupported_request",
        "عبارت بازیابی کیف پول تراست والتم رو گم کردم، میتونید بازیابیش کنید؟",
        "",
    ),
    (
        "fa",
        "e",
        "complaint_repeat_followup",
        "بیش از یک ماهه که درخواست HD-880316 باز مونده و پولم برنگشته. تمام پس‌اندازم بود، دیگه نمیدونم چیکار کنم 😭 لطفا کمک کنید",
        "x d",
    ),
    (
        "fa",
        "e",
        "legal_threat",
        "با سلام، اگر تا پایان هفته مشکل حل نشود از طریق وکیلم علیه شرکت شما شکایت قضایی خواهم کرد.",
        "",
    ),
]

HI: list[Row] = [
    ("hi", "c", "fees_info", "trading fees kitni hai? BNB se pay karne pe discount milta hai kya", ""),
    ("hi", "c", "deposit_networks_info", "क्या मैं USDT को Polygon नेटवर्क से जमा कर सकता हूँ?", ""),
    ("hi", "c", "withdrawal_limits_info", "INR withdrawal me usually kitna time lagta hai?", ""),
    (
        "hi",
        "e",
        "kyc_process_info",
        "नमस्ते, KYC के लिए आधार कार्ड और पैन कार्ड दोनों ज़रूरी हैं क्या? वेरिफिकेशन में कितना समय लगता है?",
        "",
    ),
    ("hi", "c", "supported_countries_info", "kya India me p2p available hai?", ""),
    (
        "hi",
        "e",
        "tax_documents_info",
        "नमस्ते, मुझे ITR फाइल करने के लिए पूरे साल की ट्रांजैक्शन रिपोर्ट चाहिए। यह कहाँ से डाउनलोड करें?",
        "",
    ),
    ("hi", "w", "staking_info", "staking me lock period kitna hai aur APY fixed hai ya change hota hai?", ""),
    ("hi", "c", "referral_info", "referral se kitna commission milta hai?", ""),
    ("hi", "c", "trading_basics_info", "पहली बार बिटकॉइन कैसे खरीदें?", ""),
    ("hi", "c", "price_prediction", "bhai kaunsa coin lu 1000 rs ka jo 10x ho jaye", ""),
    ("hi", "c", "off_topic_chitchat", "kya aap insaan ho ya bot?", ""),
    ("hi", "e", "other_exchange_account", "WazirX me mera paisa atka hua hai, aap help kar sakte ho?", ""),
    (
        "hi",
        "e",
        "complaint_repeat_followup",
        "मैंने 3 दिन पहले शिकायत की थी (HD-441902), अभी तक कोई जवाब नहीं आया। मेरा ETH डिपॉज़िट अभी तक क्रेडिट नहीं हुआ। Tx: {ET}",
        "t=wallets_onchain p=high",
    ),
    (
        "hi",
        "w",
        "regulator_complaint",
        "अगर मेरा मामला जल्दी हल नहीं हुआ तो मैं SEBI और उपभोक्ता फोरम में शिकायत दर्ज करूँगा।",
        "",
    ),
]

ID: list[Row] = [
    ("id", "c", "fees_info", "biaya tarik rupiah ke bank berapa ya?", ""),
    ("id", "c", "deposit_networks_info", "min depo usdt brp kak?", ""),
    ("id", "c", "withdrawal_limits_info", "kak kalo withdraw ke BCA biasanya berapa lama masuknya?", ""),
    ("id", "c", "twofa_setup_howto", "cara pasang google authenticator gimana ya", ""),
    (
        "id",
        "e",
        "kyc_process_info",
        "Selamat siang, apakah KTP saja cukup untuk verifikasi? Berapa lama prosesnya biasanya?",
        "",
    ),
    ("id", "e", "staking_info", "staking flexible bisa ditarik kapan aja kan?", ""),
    ("id", "c", "p2p_howto", "gimana caranya jadi merchant p2p", ""),
    ("id", "c", "trading_basics_info", "apa itu futures? bedanya sama spot apa", ""),
    ("id", "c", "referral_info", "link referral saya di mana ya?", ""),
    ("id", "c", "price_prediction", "min, BTC bakal naik gak minggu depan?", ""),
    ("id", "c", "off_topic_chitchat", "halo min", ""),
    ("id", "c", "unsupported_request", "tolong batalin transaksi saya, salah kirim ke alamat {SA}", ""),
    (
        "id",
        "e",
        "regulator_complaint",
        "Dengan hormat,\n\nkarena keluhan saya tidak ditanggapi, saya akan melaporkan hal ini ke OJK dan Bappebti.\n\nHormat saya,\nAndi Pratama",
        "",
    ),
    (
        "id",
        "e",
        "complaint_repeat_followup",
        "Sudah 9 hari tiket HD-672013 saya belum ada jawaban, dana withdraw USDT belum masuk juga. Tolong dieskalasi.",
        "x",
    ),
]

VI: list[Row] = [
    ("vi", "c", "fees_info", "phí giao dịch spot là bao nhiêu vậy ad", ""),
    ("vi", "c", "deposit_networks_info", "nạp USDT mạng BEP20 có được không?", ""),
    (
        "vi",
        "c",
        "withdrawal_limits_info",
        "sao đổi mật khẩu xong không rút được 24h vậy, quy định chung à?",
        "",
    ),
    ("vi", "c", "twofa_setup_howto", "cách bật mã chống lừa đảo (anti-phishing code)?", ""),
    (
        "vi",
        "e",
        "kyc_process_info",
        "Chào bạn, xác minh danh tính có dùng được CCCD gắn chip không? Thường mất bao lâu?",
        "",
    ),
    ("vi", "c", "p2p_howto", "p2p mua usdt bằng vnd thì escrow hoạt động thế nào", ""),
    ("vi", "c", "api_usage_info", "api có hỗ trợ websocket cho giá realtime không?", ""),
    ("vi", "c", "trading_basics_info", "lệnh OCO là gì vậy", ""),
    (
        "vi",
        "c",
        "block_explorer_howto",
        "làm sao xem giao dịch trên bscscan, mình có mã hash {ET} mà không biết đọc",
        "",
    ),
    ("vi", "c", "price_prediction", "ad cho hỏi có nên all in ETH không 😅", ""),
    ("vi", "c", "off_topic_chitchat", "bạn là người thật hay bot vậy", ""),
    ("vi", "e", "other_exchange_account", "ví metamask của mình tự nhiên mất token, làm sao lấy lại?", ""),
    (
        "vi",
        "e",
        "legal_threat",
        "Kính gửi bộ phận hỗ trợ,\n\nNếu tài khoản của tôi không được mở khóa trong tuần này, tôi sẽ nhờ luật sư khởi kiện công ty.\n\nTrân trọng.",
        "",
    ),
    (
        "vi",
        "c",
        "complaint_repeat_followup",
        "mình hỏi hôm qua rồi, mã HD-150774, nạp tiền qua thẻ bị trừ tiền mà chưa vào tài khoản",
        "t=payments_fiat p=high",
    ),
]

TH: list[Row] = [
    ("th", "c", "fees_info", "ค่าธรรมเนียมถอน BTC เท่าไหร่ครับ", ""),
    ("th", "c", "deposit_networks_info", "ฝาก USDT ผ่านเครือข่าย Arbitrum ได้ไหมคะ", ""),
    ("th", "c", "withdrawal_limits_info", "ถอนเงินเข้าบัญชีธนาคารปกติใช้เวลากี่วันครับ", ""),
    ("th", "c", "twofa_setup_howto", "ตั้งค่า Google Authenticator ยังไงคะ", ""),
    ("th", "e", "kyc_process_info", "สวัสดีครับ ยืนยันตัวตนใช้บัตรประชาชนได้ไหม และปกติใช้เวลานานเท่าไหร่ครับ", ""),
    ("th", "w", "supported_countries_info", "ใช้งานในไทยได้ไหมคะ ฝากเงินบาทได้ไหม", ""),
    ("th", "e", "staking_info", "staking ETH ได้ผลตอบแทนกี่เปอร์เซ็นต์ ถอนออกได้เมื่อไหร่", ""),
    ("th", "w", "account_closure_info", "ต้องการปิดบัญชี ต้องทำอย่างไรบ้างคะ เงินที่เหลืออยู่จะเป็นอย่างไร", ""),
    ("th", "c", "trading_basics_info", "stop loss ตั้งยังไงครับ มือใหม่", ""),
    ("th", "c", "price_prediction", "คิดว่า doge จะขึ้นไหมครับ", ""),
    ("th", "c", "off_topic_chitchat", "สวัสดีค่ะ", ""),
    (
        "th",
        "e",
        "regulator_complaint",
        "เรียนฝ่ายบริการลูกค้า\n\nหากไม่ได้รับการแก้ไขภายใน 7 วัน ดิฉันจะร้องเรียนต่อสำนักงาน ก.ล.ต. พร้อมหลักฐานทั้งหมด\n\nขอบคุณค่ะ",
        "",
    ),
    (
        "th",
        "e",
        "complaint_repeat_followup",
        "ติดตามเรื่อง HD-390651 ครับ ผ่านไปหนึ่งสัปดาห์แล้ว การถอน USDT ยังไม่เข้ากระเป๋าเลย",
        "t=wallets_onchain p=high",
    ),
    (
        "th",
        "c",
        "unsupported_request",
        "ผมเป็นทนายความของคุณสมชาย ขอข้อมูลบัญชีและประวัติธุรกรรมทั้งหมดของเขาด่วนครับ",
        "se",
    ),
]

ZH: list[Row] = [
    ("zh", "c", "fees_info", "现货手续费多少？用平台币抵扣有折扣吗", ""),
    ("zh", "c", "deposit_networks_info", "USDT可以用TRC20充值吗？最少充多少", ""),
    ("zh", "c", "withdrawal_limits_info", "提币一般多久到账？", ""),
    ("zh", "e", "twofa_setup_howto", "您好，请问如何把谷歌验证器换到新手机上？旧手机还在。谢谢", ""),
    ("zh", "w", "kyc_process_info", "实名认证需要什么证件？护照可以吗", ""),
    (
        "zh",
        "e",
        "api_usage_info",
        "你好，API下单接口的频率限制是多少？子账户的API key能不能只开交易权限不开提现？",
        "",
    ),
    ("zh", "c", "staking_info", "质押赎回要几天？", ""),
    ("zh", "c", "block_explorer_howto", "区块浏览器上显示pending是什么意思？确认数怎么看", ""),
    ("zh", "w", "tax_documents_info", "如何导出全部交易记录？报税要用", ""),
    ("zh", "c", "p2p_howto", "C2C怎么成为商家？要交保证金吗", ""),
    ("zh", "c", "price_prediction", "下周比特币会涨吗？现在抄底合适不", ""),
    ("zh", "c", "off_topic_chitchat", "你是机器人吗", ""),
    ("zh", "e", "other_exchange_account", "我在OKX的账户被冻结了，你们能帮忙解冻吗", ""),
    (
        "zh",
        "e",
        "legal_threat",
        "你们好：\n\n我的资金被冻结至今没有任何解释。我已委托律师，如三日内不解决，将向法院提起诉讼。",
        "",
    ),
    (
        "zh",
        "e",
        "complaint_repeat_followup",
        "工单HD-903184已经超过一个月了，波场USDT提现一直没到账，交易哈希{TT}。请尽快升级处理！",
        "x",
    ),
]

JA: list[Row] = [
    ("ja", "c", "fees_info", "日本円の出金手数料はいくらですか？", ""),
    (
        "ja",
        "e",
        "deposit_networks_info",
        "お世話になっております。\nXRPの入金時に宛先タグは必須でしょうか。また、最低入金額を教えてください。\nよろしくお願いいたします。",
        "",
    ),
    ("ja", "c", "withdrawal_limits_info", "出金上限って本人確認のレベルで変わりますか？", ""),
    ("ja", "c", "twofa_setup_howto", "二段階認証をSMSから認証アプリに変える方法を教えてください", ""),
    (
        "ja",
        "e",
        "kyc_process_info",
        "本人確認の審査は通常何日くらいかかりますか。マイナンバーカードは使えますか。",
        "",
    ),
    ("ja", "w", "account_closure_info", "退会したら個人データはどうなりますか？再登録はできますか", ""),
    ("ja", "c", "trading_basics_info", "指値と成行の違いがよくわかりません", ""),
    ("ja", "w", "tax_documents_info", "確定申告用の年間取引報告書はどこからダウンロードできますか", ""),
    (
        "ja",
        "c",
        "staking_info",
        "ステーキング報酬が昨日から付与されていません。私のアカウントを確認してもらえますか",
        "my",
    ),
    ("ja", "c", "price_prediction", "今ビットコイン買うべき？", ""),
    ("ja", "c", "off_topic_chitchat", "こんにちは", ""),
    (
        "ja",
        "e",
        "unsupported_request",
        "間違ったアドレスに送金してしまいました。取り消してください。送金先 {EA}",
        "",
    ),
    (
        "ja",
        "e",
        "regulator_complaint",
        "貴社の対応には大変失望しております。本件については金融庁および国民生活センターに申し立てを行う予定です。",
        "",
    ),
    (
        "ja",
        "c",
        "complaint_repeat_followup",
        "先週問い合わせたHD-264019の件（二段階認証のリセット）、まだ返事がありません。ちょうど1週間経ちました。",
        "t=account_security p=normal",
    ),
]

KO: list[Row] = [
    ("ko", "c", "fees_info", "선물 수수료 얼마에요?", ""),
    ("ko", "c", "deposit_networks_info", "리플 입금할 때 데스티네이션 태그 꼭 넣어야 하나요?", ""),
    ("ko", "c", "withdrawal_limits_info", "출금 최소 금액이 얼마인가요?", ""),
    ("ko", "c", "twofa_setup_howto", "출금 주소 화이트리스트 설정 방법 알려주세요", ""),
    ("ko", "e", "kyc_process_info", "안녕하세요. 외국인 등록증으로도 본인인증이 가능한가요?", ""),
    ("ko", "c", "api_usage_info", "API 키에 IP 제한 어떻게 걸어요?", ""),
    ("ko", "c", "referral_info", "친구 초대하면 수수료 몇 % 받아요?", ""),
    ("ko", "w", "trading_basics_info", "격리 마진이랑 교차 마진 차이가 뭐예요", ""),
    ("ko", "c", "p2p_howto", "P2P 거래할 때 결제 수단 뭐뭐 있어요?", ""),
    ("ko", "c", "price_prediction", "이더리움 지금 사도 될까요? 오를까요?", ""),
    ("ko", "c", "off_topic_chitchat", "그냥 심심해서요 ㅋㅋ 뭐하세요", ""),
    ("ko", "e", "other_exchange_account", "업비트 계정이 잠겼는데 도와주실 수 있나요?", ""),
    (
        "ko",
        "e",
        "legal_threat",
        "담당자님께,\n\n3주째 자산이 묶여 있는데 아무런 설명이 없습니다. 이번 주 안에 해결되지 않으면 변호사를 통해 소송을 진행하겠습니다.",
        "",
    ),
    ("ko", "e", "regulator_complaint", "계속 답변이 없으시네요. 금융감독원에 민원 넣었습니다.", ""),
]

TL: list[Row] = [
    ("tl", "c", "fees_info", "magkano po fee pag mag withdraw ng usdt?", ""),
    ("tl", "c", "deposit_networks_info", "pwede po ba mag deposit ng USDT gamit TRC20?", ""),
    ("tl", "c", "withdrawal_limits_info", "gaano po katagal bago pumasok sa gcash pag nag withdraw?", ""),
    ("tl", "c", "twofa_setup_howto", "paano po mag set up ng 2FA? bago lang po ako dito", ""),
    ("tl", "w", "kyc_process_info", "anong ID po tinatanggap sa verification? pwede po ba UMID?", ""),
    ("tl", "c", "supported_countries_info", "available po ba p2p sa pilipinas?", ""),
    ("tl", "e", "p2p_howto", "paano po mag benta ng usdt sa p2p? safe po ba", ""),
    (
        "tl",
        "c",
        "referral_info",
        "hindi ko pa natatanggap yung referral reward ko, 2 weeks na po simula nag sign up yung pinsan ko",
        "my",
    ),
    ("tl", "c", "staking_info", "ano po ang APY ng staking ng USDT?", ""),
    ("tl", "c", "price_prediction", "tataas pa po ba ang btc? bibili po sana ako", ""),
    ("tl", "c", "off_topic_chitchat", "hello po good evening", ""),
    (
        "tl",
        "e",
        "other_exchange_account",
        "Hi po, nagpadala ako ng BTC galing Coins.ph papunta sa Binance ko {BA} pero wala pa rin po. Tx: {BT}",
        "",
    ),
    (
        "tl",
        "e",
        "complaint_repeat_followup",
        "3rd follow up na po ito sa HD-557390. Yung P2P order ko, hindi pa rin nirerelease ng seller yung USDT, 2 days na po. Paki-aksyunan naman po.",
        "t=p2p p=high",
    ),
    (
        "tl",
        "e",
        "legal_threat",
        "Kung hindi ninyo ibabalik ang pera ko ngayong linggo, magsasampa ako ng kaso laban sa kumpanya ninyo. May abogado na ako.",
        "",
    ),
]

MORE: list[Row] = [
    (
        "es",
        "w",
        "account_closure_info",
        "Quiero cerrar mi cuenta definitivamente. ¿Qué pasa con el saldo que me queda y con mis datos personales?",
        "",
    ),
    (
        "pt",
        "w",
        "account_closure_info",
        "Como faço pra excluir minha conta? Dá pra reabrir depois com o mesmo CPF?",
        "",
    ),
    (
        "it",
        "e",
        "account_closure_info",
        "Buongiorno,\nvorrei chiudere il mio account. Devo prima prelevare tutto? I miei dati personali verranno cancellati?\nCordiali saluti",
        "",
    ),
    ("ko", "w", "account_closure_info", "회원 탈퇴는 어떻게 하나요? 남은 코인은 어떻게 되나요?", ""),
    (
        "pl",
        "w",
        "api_usage_info",
        "Czy klucz API może mieć uprawnienia tylko do odczytu? Potrzebuję go do programu do rozliczeń podatkowych.",
        "",
    ),
    (
        "ja",
        "e",
        "api_usage_info",
        "APIのWebSocketで約定通知を受け取る方法を教えてください。pingの送信間隔はどれくらいが推奨でしょうか。",
        "",
    ),
    (
        "id",
        "w",
        "api_usage_info",
        "Apakah ada sandbox atau testnet untuk API? Saya mau tes bot trading dulu sebelum pakai dana asli.",
        "",
    ),
    (
        "de",
        "w",
        "block_explorer_howto",
        "Wie lese ich so eine Bitcoin-Transaktion im Block Explorer? {BT} Was bedeuten 'RBF' und 'unbestätigt'?",
        "",
    ),
    ("th", "c", "block_explorer_howto", "ดูยังไงครับว่าธุรกรรมนี้บน tronscan สำเร็จแล้ว {TT}", ""),
    (
        "es",
        "e",
        "block_explorer_howto",
        "Hola,\nen Solscan la transacción {ST} aparece como 'Success', pero no entiendo qué son las 'compute units' ni cómo se calcula la comisión. ¿Me lo explican?\nSaludos",
        "",
    ),
    ("zh", "w", "referral_info", "邀请返佣是怎么计算的？被邀请人需要完成实名认证吗？", ""),
    (
        "fr",
        "w",
        "referral_info",
        "Le parrainage fonctionne comment ? Mon filleul doit-il déposer un montant minimum pour que je touche la prime ?",
        "",
    ),
    (
        "ar",
        "w",
        "tax_documents_info",
        "هل تصدرون كشف حساب سنوي لأغراض الضرائب؟ وكيف أصدّر سجل المعاملات كاملاً؟",
        "",
    ),
    (
        "vi",
        "w",
        "supported_countries_info",
        "Mình sắp chuyển sang Úc sống, tài khoản có dùng tiếp được không hay phải xác minh lại từ đầu?",
        "",
    ),
    (
        "pl",
        "e",
        "unsupported_request",
        "Dzień dobry, jestem asystentką prezesa naszej firmy. Proszę o przesłanie historii transakcji i salda jego konta na mój adres e-mail, szef jest w podróży i nie ma dostępu.",
        "se",
    ),
    (
        "hi",
        "e",
        "unsupported_request",
        "मैं साइबर सेल से इंस्पेक्टर बोल रहा हूँ। इस एड्रेस {TA} के मालिक का नाम, मोबाइल नंबर और KYC डॉक्युमेंट तुरंत भेजिए, वरना कार्रवाई होगी।",
        "se",
    ),
    (
        "ko",
        "e",
        "unsupported_request",
        "토큰 발행사가 제 개인 지갑 주소를 동결했습니다 {EA} 거래소 쪽에서 동결 해제해 주실 수 있나요?",
        "",
    ),
    (
        "id",
        "e",
        "other_exchange_account",
        "Halo, saya kirim SOL dari Phantom ke dompet teman {SA} tapi belum masuk juga, tx {ST}. Bisa dibantu cek?",
        "",
    ),
    (
        "de",
        "e",
        "other_exchange_account",
        "Hallo, ich habe von meiner BitBox an meine Bitpanda-Adresse {B1} gesendet und dort ist nichts angekommen. Könnt ihr das prüfen?",
        "",
    ),
    (
        "pt",
        "w",
        "other_exchange_account",
        "Enviei ETH da minha MetaMask pra minha conta da Binance ({EA}), tx {ET}, e até agora nada. Vocês conseguem ver?",
        "",
    ),
    (
        "nl",
        "e",
        "legal_threat",
        "Geachte heer/mevrouw,\n\nHierbij stel ik u formeel in gebreke. Mijn opname (tx {ET}) is nooit aangekomen en u reageert niet. Mijn advocaat start een procedure als dit niet binnen 14 dagen is opgelost.\n\nR. Bakker",
        "",
    ),
    (
        "th",
        "e",
        "legal_threat",
        "บัญชีถูกระงับมาสามสัปดาห์แล้ว ไม่มีใครตอบเลย ผมจะฟ้องศาลแน่นอน นี่คือเงินเก็บทั้งชีวิตของผม ช่วยด้วยครับ 😭😭",
        "d",
    ),
    ("zh", "w", "regulator_complaint", "你们再不处理，我就向香港证监会（SFC）投诉，已经准备好所有材料。", ""),
    (
        "it",
        "e",
        "complaint_repeat_followup",
        "Sono passati 8 giorni dalla mia segnalazione HD-318206 sulla verifica dell'identità e nessuno mi ha risposto. Vorrei parlare con un responsabile.",
        "x",
    ),
    (
        "en",
        "w",
        "complaint_repeat_followup",
        "Re: HD-624410 - it's been a week, still no update on my SEPA withdrawal of EUR 900. Please advise.",
        "t=payments_fiat p=high",
    ),
    (
        "ru",
        "w",
        "complaint_repeat_followup",
        "Прошло уже больше недели по заявке HD-547781, депозит USDT так и не зачислен. Ответьте наконец.",
        "x",
    ),
    (
        "ar",
        "c",
        "complaint_repeat_followup",
        "الله يخليكم ساعدوني 😭😭 الطلب HD-731154 صار له 12 يوم وفلوسي معلقة، كل مدخراتي",
        "x d",
    ),
    (
        "uk",
        "w",
        "price_prediction",
        "Чи буде найближчим часом лістинг якоїсь нової монети? Хочу закупитися заздалегідь.",
        "",
    ),
    ("fa", "w", "off_topic_chitchat", "سلام، شما ربات هستید یا آدم واقعی؟", ""),
    (
        "tr",
        "w",
        "twofa_setup_howto",
        "Hesabıma passkey nasıl eklenir? Authenticator uygulamasını da yedek olarak tutabilir miyim?",
        "",
    ),
    ("hi", "c", "fees_info", "mere last withdrawal pe 25 USDT fee kyun kata? itna zyada kaise?", "my"),
    (
        "id",
        "w",
        "deposit_networks_info",
        "cara lihat alamat deposit USDT saya di aplikasi gimana? dan jaringan apa saja yang bisa?",
        "",
    ),
    (
        "ko",
        "w",
        "withdrawal_limits_info",
        "제 계정 출금 한도가 왜 하루 2 BTC밖에 안 되나요? 올릴 수 있나요?",
        "my",
    ),
    (
        "vi",
        "e",
        "regulator_complaint",
        "Kính gửi quý công ty,\n\nDo không nhận được phản hồi, tôi sẽ gửi đơn khiếu nại lên Ủy ban Chứng khoán Nhà nước và cơ quan bảo vệ người tiêu dùng.\n\nTrân trọng.",
        "",
    ),
    (
        "fr",
        "c",
        "twofa_setup_howto",
        "je sais plus quelle méthode 2FA est activée sur mon compte, vous pouvez regarder ?",
        "my",
    ),
    (
        "es",
        "w",
        "kyc_process_info",
        "¿En qué nivel de verificación está mi cuenta ahora mismo? No lo encuentro en el perfil.",
        "my",
    ),
    ("zh", "c", "p2p_howto", "我的P2P商家申请审核到哪一步了？上周提交的", "my"),
]

ROWS: list[Row] = (
    EN
    + ES
    + PT
    + FR
    + DE
    + IT
    + NL
    + PL
    + UK
    + RU
    + TR
    + AR
    + FA
    + HI
    + ID
    + VI
    + TH
    + ZH
    + JA
    + KO
    + TL
    + MORE
)

CHANNELS = {"c": "chat", "e": "email", "w": "web"}
PLACEHOLDER = re.compile(r"\{(EA|ET|BA|B1|BT|TA|TT|SA|ST)\}")
KIND = {
    "EA": "eth_address",
    "ET": "eth_tx",
    "BA": "btc_address",
    "B1": "btc_address",
    "BT": "btc_tx",
    "TA": "tron_address",
    "TT": "tron_tx",
    "SA": "sol_address",
    "ST": "sol_tx",
}


def _value(values: Values, code: str) -> str:
    make = {
        "EA": values.evm_addr,
        "ET": values.evm_tx,
        "BA": values.btc_wpkh,
        "B1": values.btc_p2pkh,
        "BT": values.hex_tx,
        "TA": values.tron_addr,
        "TT": values.hex_tx,
        "SA": values.sol_addr,
        "ST": values.sol_sig,
    }[code]
    return make()


def label(row: Row, number: int, values: Values) -> dict[str, object]:
    language, channel, intent, text, flags = row
    flag_set = set(flags.split())
    options = dict(f.split("=", 1) for f in flag_set if "=" in f)
    group = INTENTS[intent].group
    team = INTENTS[intent].team
    if group == "how_to":
        answerable, priority = ("my" not in flag_set), ("normal" if "my" in flag_set else "low")
    elif group == "out_of_scope":
        answerable, priority = True, "low"
    elif group == "complaint":
        answerable, priority = False, "high"
        if intent == "complaint_repeat_followup":
            if "x" in flag_set:
                team = "executive"
            elif "t" not in options or "p" not in options:
                raise ValueError(f"follow-up without team and priority: {text[:40]}")
    else:
        raise ValueError(f"{intent} is not in this half")
    team = options.get("t", team)
    priority = options.get("p", priority)
    social = "se" in flag_set
    if social:
        team, answerable = "account_security", False

    mentions: list[dict[str, str]] = []

    def fill(match: re.Match[str]) -> str:
        value = _value(values, match.group(1))
        mentions.append({"kind": KIND[match.group(1)], "value": value})
        return value

    return {
        "id": f"a-{number:04d}",
        "text": PLACEHOLDER.sub(fill, text),
        "language": language,
        "channel": CHANNELS[channel],
        "intent": intent,
        "team": team,
        "priority": priority,
        "distress": "d" in flag_set,
        "social_engineering_risk": social,
        "tier0_may_answer": answerable,
        "mentions": mentions,
    }


def validate(records: list[dict[str, object]]) -> None:
    keys = {
        "id", "text", "language", "channel", "intent", "team", "priority", "distress",
        "social_engineering_risk", "tier0_may_answer", "mentions",
    }  # fmt: skip
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "duplicate ids"
    texts = [r["text"] for r in records]
    assert len(texts) == len(set(texts)), "duplicate texts"
    for r in records:
        assert set(r) == keys, r["id"]
        assert r["language"] in LANGUAGES, r["id"]
        assert r["channel"] in CHANNELS.values(), r["id"]
        intent = INTENTS[str(r["intent"])]
        assert intent.group in ("how_to", "out_of_scope", "complaint"), r["id"]
        assert r["team"] in SPECIALTIES and r["priority"] in PRIORITIES, r["id"]
        assert (r["team"] == "none") == (
            intent.name in ("price_prediction", "off_topic_chitchat", "other_exchange_account")
            and not r["social_engineering_risk"]
        ), r["id"]
        if r["social_engineering_risk"]:
            assert r["team"] == "account_security" and not r["tier0_may_answer"], r["id"]
        if intent.group == "complaint":
            assert not r["tier0_may_answer"] and r["priority"] in ("normal", "high"), r["id"]
        if intent.group == "out_of_scope":
            assert r["priority"] == "low", r["id"]
        if r["tier0_may_answer"]:
            assert r["priority"] == "low", r["id"]
        for m in r["mentions"]:  # type: ignore[attr-defined]
            assert m["kind"] in MENTION_KINDS and m["value"] in str(r["text"]), r["id"]
        assert "{" not in str(r["text"]) or not PLACEHOLDER.search(str(r["text"])), r["id"]


def table(records: list[dict[str, object]]) -> str:
    lines = []
    for field in ("language", "intent", "channel", "team", "priority"):
        counts = Counter(str(r[field]) for r in records)
        lines.append(f"{field}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for flag in ("distress", "social_engineering_risk", "tier0_may_answer"):
        lines.append(f"{flag}: {sum(1 for r in records if r[flag])}")
    with_mentions = sum(1 for r in records if r["mentions"])
    lines.append(f"messages with mentions: {with_mentions} ({100 * with_mentions / len(records):.1f}%)")
    lines.append(f"total: {len(records)}")
    return "\n".join(lines)


def main() -> None:
    values = Values(20261206)
    records = [label(row, i, values) for i, row in enumerate(ROWS, start=1)]
    validate(records)
    with OUT.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(table(records))


if __name__ == "__main__":
    main()
