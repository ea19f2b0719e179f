# ruff: noqa: E501, RUF001
"""The held-out tier-0 evaluation set, account-specific and security half (assistant/data/eval_b.jsonl).

Hand-written first messages from exchange customers, labelled per docs/tier0-taxonomy.md. Hashes and
addresses are placeholders ({ET}, {EA}, {BT}, {BA}, {TT}, {TA}, {ST}, {SA}) filled with random values of
the right shape and checksum from triage.data.make_values, so the file is rebuilt byte for byte:

    .venv/bin/python assistant/data/make_eval_b.py
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from assistant.phrases import LANGUAGES
from assistant.taxonomy import INTENTS as TAXONOMY
from triage.data.make_values import Values

# The intents of this half by their short codes; each intent's default team is the taxonomy's.
INTENTS = {
    "WP": "withdrawal_pending",
    "DN": "deposit_not_credited",
    "WN": "deposit_wrong_network",
    "UT": "unsupported_token_deposit",
    "MM": "missing_memo_tag",
    "BR": "bridge_transfer_failed",
    "KY": "kyc_rejected_or_loop",
    "AL": "account_locked",
    "TF": "twofa_reset_request",
    "EC": "email_change_request",
    "CP": "card_payment_failed",
    "PD": "p2p_dispute",
    "ML": "margin_liquidation_complaint",
    "TN": "trade_not_executed",
    "AK": "api_key_compromised",
    "AH": "account_hacked",
    "PH": "phishing_report",
    "SI": "support_impersonation",
}
CHANNELS = {"c": "chat", "e": "email", "w": "web"}
PRIORITIES = {"u": "urgent", "h": "high", "n": "normal", "l": "low"}

# (language, channel, intent, priority, flags, text); flags: D distress, S social engineering,
# F fiat withdrawal (team payments_fiat).
M: list[tuple[str, str, str, str, str, str]] = []


def R(lang: str, ch: str, intent: str, pr: str, flags: str, text: str) -> None:
    M.append((lang, ch, intent, pr, flags, text))


# --- English ---
R("en", "c", "WP", "h", "", "how long do withdrawals usually take?? mine has been pending for 6 hours now")
R(
    "en",
    "e",
    "WP",
    "h",
    "",
    "Hello,\n\nI withdrew 0.42 BTC to {BA} this morning. The app says 'Completed' and gives tx {BT} but my wallet shows nothing and the explorer says not found. Can you check what is going on?\n\nThanks, Martin",
)
R(
    "en",
    "c",
    "WP",
    "u",
    "D",
    "PLEASE HELP my 48,000 USDT withdrawal has been stuck 'under review' since yesterday (to {TA}), that is ALL my savings, i cant sleep, what is happening???? 😭😭",
)
R(
    "en",
    "w",
    "WP",
    "h",
    "F",
    "Bank withdrawal of 2,300 GBP requested on Monday via Faster Payments, status still processing. My bank has nothing. Reference in app: WD-88121.",
)
R(
    "en",
    "e",
    "WP",
    "h",
    "",
    "Hi,\n\nmy withdrawal of 900 USDC to {EA} got cancelled by itself yesterday and the 900 USDC never came back to my balance. Can you check where it is?\n\nThanks, Priya",
)
R(
    "en",
    "e",
    "DN",
    "h",
    "",
    "Hi team, I sent 1,250 USDT (TRC20) to my deposit address from another exchange. TXID {TT}, it has 60+ confirmations on Tronscan but my balance is still 0. Please credit it.",
)
R("en", "c", "DN", "h", "", "deposited eth 2 hrs ago, etherscan says success, nothing in my account. tx {ET}")
R(
    "en",
    "w",
    "DN",
    "h",
    "",
    "What's the normal time for a SOL deposit to arrive? Sent 14 SOL about 40 min ago, signature {ST}, still not showing",
)
R(
    "en",
    "c",
    "WN",
    "h",
    "",
    "i think i messed up. sent USDT on BSC (BEP20) to my ERC20 deposit address. same 0x address so i thought it was fine. tx {ET}. can it be recovered?",
)
R(
    "en",
    "e",
    "WN",
    "h",
    "D",
    "I sent 3,000 USDC over Arbitrum to the deposit address the app gave me for Ethereum and now it's just gone. This was money for my rent. Please tell me there is a way to get it back. Tx hash: {ET}",
)
R(
    "en",
    "c",
    "UT",
    "h",
    "",
    "I deposited USDC.e from Polygon, the bridged one, and it never appeared. tx {ET}",
)
R(
    "en",
    "w",
    "UT",
    "h",
    "",
    "Sent some PEPE2 tokens (contract not listed here I guess) to my ETH deposit address {EA}. Is there a way to retrieve them?",
)
R(
    "en",
    "c",
    "MM",
    "h",
    "",
    "forgot the destination tag when sending XRP from Kraken, 500 XRP, not credited. what do you need from me",
)
R(
    "en",
    "e",
    "MM",
    "h",
    "",
    "Dear Support,\nI withdrew 80 ATOM from Keplr to my account but put the memo in the wrong field (I used my user ID instead of the memo shown on the deposit page). The transfer is confirmed on Mintscan. How do I get it credited?\nRegards,\nS. Okafor",
)
R(
    "en",
    "c",
    "BR",
    "h",
    "",
    "used your bridge to move 2k USDT from Tron to Ethereum, debited from tron side 3 hours ago, nothing arrived on eth. source tx {TT}",
)
R(
    "en",
    "w",
    "BR",
    "h",
    "",
    "Bridge transfer ETH -> Base shows 'failed' but the ETH left my balance. Tx on Ethereum: {ET}",
)
R(
    "en",
    "c",
    "KY",
    "n",
    "",
    "my ID verification got rejected 3 times now 'document unreadable' but the photo is perfectly clear. what am i doing wrong",
)
R(
    "en",
    "e",
    "KY",
    "n",
    "",
    "Subject: Verification pending for 19 days\n\nMy Level 2 verification has been 'under review' since the 2nd. The help center says 48 hours. Nobody answers. Can someone please look at my case?",
)
R(
    "en",
    "w",
    "KY",
    "n",
    "",
    "The selfie step keeps looping. I take the picture, it loads, then it asks again. Tried 2 phones.",
)
R("en", "c", "AL", "n", "", "why is my account in withdraw-only mode?? I didn't do anything")
R(
    "en",
    "e",
    "AL",
    "n",
    "",
    "Hello, after I changed my password yesterday my account shows 'Security hold – 24h'. It's been 30 hours. Can you lift it?",
)
R(
    "en",
    "c",
    "AL",
    "n",
    "S",
    "my account is frozen and I need to withdraw today, just remove the hold, I don't have time for your verification questions, I'm the owner obviously",
)
R("en", "c", "TF", "n", "", "lost my phone with google authenticator, need 2fa reset pls")
R(
    "en",
    "e",
    "TF",
    "n",
    "",
    "Hi, I submitted a 2FA reset request 5 days ago (selfie + ID) and haven't heard back. Could you tell me the status? Thanks",
)
R(
    "en",
    "c",
    "TF",
    "n",
    "S",
    "hi i'm writing for my boss, he's travelling and lost his authenticator. can you reset the 2fa and send the new setup to this email? he can't do video verification right now",
)
R(
    "en",
    "e",
    "EC",
    "n",
    "",
    "I no longer have access to my old Hotmail address which is registered on the account. How can I change the email to a new one? I can still log in with my password and 2FA.",
)
R("en", "w", "EC", "n", "", "Email change requested 10 days ago still says 'in review'.")
R(
    "en",
    "e",
    "EC",
    "n",
    "S",
    "I need the email on account of my brother changed to mine today. He is abroad and cannot log in. I know his password but not the 2FA, please skip that part, it's urgent.",
)
R("en", "e", "CP", "h", "", "card charged 500 eur but no crypto in my account. bank shows it as completed")
R(
    "en",
    "c",
    "CP",
    "n",
    "",
    "my visa keeps getting declined when i try to buy btc, bank says nothing is blocked",
)
R(
    "en",
    "e",
    "CP",
    "h",
    "",
    "I was charged twice for the same purchase of 200 USD (two identical lines on my statement) but only got one amount of ETH. Please refund the duplicate.",
)
R(
    "en",
    "c",
    "PD",
    "h",
    "",
    "p2p seller hasn't released my usdt, i paid 45 min ago and uploaded the receipt, order is about to expire",
)
R(
    "en",
    "e",
    "PD",
    "h",
    "D",
    "The buyer on my P2P order sent a FAKE payment screenshot, there is NOTHING in my bank account and now he opened an appeal saying I'm scamming him!!! I'm shaking, this is 3,400 USDT, please freeze it.",
)
R(
    "en",
    "w",
    "PD",
    "h",
    "",
    "Appeal on P2P order 7781203 opened 2 days ago, no one from the dispute team has replied yet. Funds still in escrow.",
)
R(
    "en",
    "c",
    "ML",
    "n",
    "",
    "got liquidated on my BTC long but the price never touched my liq price on any chart. explain",
)
R(
    "en",
    "e",
    "ML",
    "n",
    "",
    "My short position was auto-deleveraged last night even though I had enough margin. I want a review of this ADL and compensation.",
)
R("en", "c", "TN", "n", "", "my stop loss didn't trigger, price went right through it")
R(
    "en",
    "c",
    "TN",
    "h",
    "",
    "placed a market buy for 1000 usdt, the usdt is gone from balance but order says cancelled and no coins",
)
R("en", "w", "TN", "n", "", "Convert quote said 0.5112 ETH, I received 0.4987. Why less than quoted?")
R(
    "en",
    "c",
    "AK",
    "u",
    "",
    "someone is placing trades with my API key right now, i didn't do these!! how do i kill it",
)
R(
    "en",
    "e",
    "AK",
    "n",
    "",
    "I accidentally pushed a read-only API key to a public GitHub repo. I've deleted the commit. Can you check if it was used and confirm it's revoked?",
)
R(
    "en",
    "w",
    "AK",
    "u",
    "",
    "My trading bot server was compromised. The API key had withdrawals enabled and there is a withdrawal I don't recognise to {EA}. Please revoke all my keys.",
)
R("en", "c", "AH", "u", "D", "SOMEONE LOGGED INTO MY ACCOUNT AND WITHDREW EVERYTHING TO {BA}!!!! HELP")
R(
    "en",
    "c",
    "AH",
    "u",
    "",
    "my phone suddenly has no signal and I got an email that my password was reset. I think its a sim swap. freeze my account",
)
R(
    "en",
    "e",
    "AH",
    "u",
    "",
    "I received 'new device login' from Lagos. I've never been there. 2FA was changed too and I can't log in anymore. There is also a withdrawal of 0.3 BTC to {BA} that I never requested.",
)
R(
    "en",
    "c",
    "PH",
    "n",
    "",
    "got an sms saying my account is suspended with a link to cryptodesk-verify.co, is that you? didn't click",
)
R(
    "en",
    "c",
    "PH",
    "u",
    "DS",
    "oh no i typed my password and the 2fa code into a site from an email that looked like yours. what do i do now please help",
)
R(
    "en",
    "w",
    "PH",
    "n",
    "",
    "There's a Google ad at the top for 'Cryptodesk Login' that goes to a fake site. Reporting it.",
)
R(
    "en",
    "c",
    "SI",
    "n",
    "",
    "there's a telegram account called 'Cryptodesk Support Official' messaging people in the group, fyi",
)
R(
    "en",
    "c",
    "SI",
    "u",
    "S",
    "a support agent on telegram asked for my 2fa code to verify my account and I gave it. was that ok?",
)
R(
    "en",
    "e",
    "SI",
    "u",
    "DS",
    "Someone called me saying they were from your security department and my account was under attack. They had me install AnyDesk and move my coins to a 'safe wallet' {EA}. I now realise this was a scam. I've lost 11,000 USDT. Please help me, I don't know what to do.",
)
R(
    "en",
    "c",
    "SI",
    "u",
    "S",
    "the support guy on whatsapp says i need to send 0.1 btc to {BA} to unlock my account, is it legit? he's waiting",
)
# --- Spanish ---
R("es", "c", "WP", "h", "", "cuanto tarda un retiro normalmente? el mio lleva 8 horas en pendiente")
R(
    "es",
    "e",
    "WP",
    "u",
    "D",
    "Buenas tardes, retiré 2,1 BTC a mi wallet {BA} hace dos días y sigue 'en revisión'. Es el dinero de la venta de mi piso, estoy desesperado, por favor ayúdenme YA. No me contesta nadie.",
)
R("es", "c", "DN", "h", "", "hice un depósito de 300 USDT por TRC20 y no me aparece, el hash es {TT}")
R(
    "es",
    "w",
    "WN",
    "h",
    "",
    "Envié USDT por la red Polygon a mi dirección de depósito de Ethereum {EA}. ¿Se puede recuperar? Hash: {ET}",
)
R("es", "c", "MM", "h", "", "mande XLM sin memo 😩 son 1200 XLM, ya confirmados en la red")
R(
    "es",
    "e",
    "KY",
    "n",
    "",
    "Hola, me rechazaron la verificación porque dicen que mi DNI está caducado, pero lo renové el mes pasado. He vuelto a subirlo y otra vez rechazado. ¿Qué hago?",
)
R("es", "e", "AL", "n", "", "me bloquearon la cuenta sin explicación, no puedo ni entrar")
R(
    "es",
    "c",
    "TF",
    "n",
    "S",
    "necesito que me quiten el 2fa de la cuenta de mi papá, él no sabe usar esto, yo tengo su correo. no puedo mandar selfie de él",
)
R(
    "es",
    "w",
    "EC",
    "n",
    "",
    "Ya no tengo acceso a mi correo antiguo de la universidad, ¿cómo cambio el email de la cuenta?",
)
R(
    "es",
    "e",
    "CP",
    "h",
    "",
    "Hola, me cobraron 150€ con la tarjeta ayer para comprar BTC y no me llegó nada de cripto. En el banco sale como cobrado, no como pendiente. Adjunto captura. Gracias.",
)
R(
    "es",
    "c",
    "PD",
    "h",
    "D",
    "EL VENDEDOR NO LIBERA LOS USDT!!! ya le pagué por transferencia hace 2 horas y ahora no contesta 😡😡 ayudaaa",
)
R(
    "es",
    "e",
    "ML",
    "n",
    "",
    "Me liquidaron la posición en ETH perpetuo a un precio que no coincide con ningún gráfico. Quiero que revisen la liquidación y me devuelvan el margen.",
)
R(
    "es",
    "c",
    "AH",
    "u",
    "D",
    "alguien entró en mi cuenta y cambiaron el correo!!! no puedo entrar, tengo todos mis ahorros ahí por favor, veo un retiro a {TA} que yo no hice",
)
R(
    "es",
    "c",
    "SI",
    "u",
    "S",
    "un tal 'agente de soporte' me escribió por instagram y me pide el código que me llegó por SMS para 'verificar mi cuenta'. se lo doy?",
)
R(
    "es",
    "w",
    "PH",
    "n",
    "",
    "Me llegó un correo de 'Cryptodesk Seguridad' desde una dirección rara con un enlace para validar mi cuenta. No hice clic. Lo reporto.",
)
R(
    "es",
    "c",
    "TN",
    "h",
    "",
    "puse una orden limite de compra, se descontó el saldo y la orden desapareció sin ejecutarse. dónde están mis 800 usdt?",
)
# --- Portuguese ---
R(
    "pt",
    "c",
    "WP",
    "h",
    "F",
    "fiz um saque via Pix ontem de R$ 3.000 e até agora nada na minha conta do banco, status processando",
)
R(
    "pt",
    "e",
    "WP",
    "h",
    "",
    "Olá, meu saque de SOL aparece como concluído, assinatura {ST}, mas a carteira de destino {SA} não recebeu nada. Podem verificar?",
)
R("pt", "c", "DN", "h", "", "depositei BTC faz 5 horas, já tem 4 confirmações e não caiu no saldo. txid {BT}")
R(
    "pt",
    "c",
    "WN",
    "h",
    "D",
    "mandei USDT pela rede BSC pro endereço de depósito da rede Ethereum (ERC20) 😭😭 era tudo que eu tinha, tem como recuperar?? hash {ET}",
)
R(
    "pt",
    "w",
    "UT",
    "h",
    "",
    "Depositei um token que não é listado aqui (uma memecoin na Base) no meu endereço de depósito. Hash {ET}. Dá para devolver?",
)
R(
    "pt",
    "e",
    "BR",
    "h",
    "",
    "ponte de USDC de Solana para Ethereum travou, saiu da minha conta há 6 horas e não chegou. assinatura {ST}",
)
R(
    "pt",
    "e",
    "KY",
    "n",
    "",
    "Minha verificação está em análise há 3 semanas. Já mandei o documento duas vezes. Isso é normal? Preciso operar.",
)
R("pt", "c", "AL", "n", "", "minha conta tá restrita, aparece 'somente saque'. por quê?")
R("pt", "e", "TF", "n", "", "troquei de celular e perdi o autenticador, como faço pra resetar o 2FA?")
R(
    "pt",
    "e",
    "EC",
    "n",
    "S",
    "Boa tarde. Sou advogado do titular da conta, que está internado. Preciso que alterem o e-mail cadastrado para o meu escritório e me enviem o acesso. Não temos como fazer a verificação facial agora.",
)
R("pt", "c", "CP", "h", "", "o Pix saiu da minha conta mas a compra de USDT não foi creditada, já faz 1 hora")
R(
    "pt",
    "c",
    "PD",
    "h",
    "",
    "comprador abriu disputa dizendo que pagou mas não caiu nada na minha conta, o que faço? pedido P2P 55102",
)
R(
    "pt",
    "w",
    "AK",
    "n",
    "",
    "Vazei sem querer uma chave de API só de leitura num print que postei no Discord. Já apaguei. Podem revogar e ver se foi usada?",
)
R(
    "pt",
    "c",
    "SI",
    "u",
    "DS",
    "um cara do 'suporte' me ligou e eu passei o código do google authenticator pra ele... agora tô com medo, o que eu faço??",
)
R(
    "pt",
    "c",
    "PH",
    "n",
    "",
    "recebi SMS dizendo que minha conta vai ser bloqueada e um link estranho. é golpe né?",
)
R(
    "pt",
    "e",
    "ML",
    "n",
    "",
    "Fui liquidado no futuros de SOL durante um pavio de 2 segundos que só aconteceu na corretora de vocês. Quero contestar.",
)
# --- French ---
R(
    "fr",
    "c",
    "WP",
    "h",
    "",
    "Bonjour, mon retrait de 0,8 ETH est en attente depuis ce matin, c'est normal ? tx pas encore générée",
)
R(
    "fr",
    "e",
    "WP",
    "h",
    "F",
    "Bonjour,\nJ'ai demandé un retrait SEPA de 1 500 € il y a 4 jours ouvrés. Statut « traité » dans l'app mais rien sur mon compte bancaire. Pouvez-vous me fournir une preuve de virement ?\nCordialement, C. Morel",
)
R("fr", "c", "DN", "h", "", "dépôt de USDC sur Solana pas crédité, signature {ST}")
R(
    "fr",
    "w",
    "WN",
    "h",
    "",
    "J'ai envoyé des ETH via le réseau Optimism sur mon adresse de dépôt Ethereum. Hash {ET}. Ils ne sont pas crédités.",
)
R("fr", "c", "MM", "h", "", "envoyé des TON sans le mémo... 340 TON. vous pouvez les retrouver ?")
R(
    "fr",
    "e",
    "BR",
    "h",
    "D",
    "Votre bridge a pris mes 800 USDT sur Ethereum il y a DEUX JOURS et rien n'est arrivé sur Tron. Je suis à bout, c'est inacceptable, j'ai besoin de cet argent. Tx source : {ET}",
)
R(
    "fr",
    "e",
    "KY",
    "n",
    "",
    "ma vérif d'identité boucle, on me redemande le justificatif de domicile à chaque fois",
)
R("fr", "c", "AL", "n", "", "compte gelé après un dépôt, pourquoi ?? je peux rien retirer")
R(
    "fr",
    "w",
    "TF",
    "n",
    "",
    "Demande de réinitialisation 2FA envoyée il y a une semaine, toujours aucune réponse. Mon identifiant : nicolas.b",
)
R(
    "fr",
    "c",
    "EC",
    "n",
    "",
    "je dois changer l'adresse mail du compte, l'ancienne a été supprimée par mon employeur",
)
R("fr", "c", "CP", "n", "", "ma carte est refusée à chaque achat, code erreur 05")
R(
    "fr",
    "e",
    "ML",
    "n",
    "",
    "Ma position longue BTC a été liquidée alors que le prix de liquidation affiché était 58 200 et que le prix n'est jamais descendu sous 58 900. J'exige une explication.",
)
R(
    "fr",
    "c",
    "AH",
    "u",
    "",
    "quelqu'un a retiré mes USDT vers {TA}, ce n'est pas moi !! bloquez le compte svp",
)
R(
    "fr",
    "c",
    "SI",
    "u",
    "S",
    "une personne qui dit être du service sécurité me demande d'installer TeamViewer pour sécuriser mon compte, elle est encore au téléphone, c'est normal ?",
)
R(
    "fr",
    "w",
    "SI",
    "n",
    "",
    "Un faux compte « Cryptodesk Assistance » répond aux gens sous vos posts X. Je le signale.",
)
R(
    "fr",
    "c",
    "PH",
    "u",
    "S",
    "j'ai mis mon mot de passe sur un site qui ressemblait au vôtre après un mail, je viens de m'en rendre compte",
)
# --- German ---
R(
    "de",
    "c",
    "WP",
    "h",
    "",
    "wie lange dauert eine auszahlung? meine hängt seit gestern abend auf 'wird bearbeitet'",
)
R(
    "de",
    "e",
    "WP",
    "h",
    "",
    "Guten Tag,\nmeine USDT-Auszahlung (TRC20) an {TA} wird als abgeschlossen angezeigt, TxID {TT}, aber auf der Zieladresse ist nichts angekommen. Bitte prüfen.\nMfG",
)
R("de", "c", "DN", "h", "", "ETH Einzahlung seit 3 std nicht gutgeschrieben obwohl bestätigt. {ET}")
R(
    "de",
    "w",
    "UT",
    "h",
    "",
    "Ich habe versehentlich USDC.e (bridged) über Arbitrum eingezahlt statt nativem USDC. Hash {ET}. Wird das unterstützt?",
)
R("de", "c", "MM", "h", "", "XRP ohne Destination Tag geschickt, 2.000 XRP, was jetzt?")
R(
    "de",
    "e",
    "KY",
    "n",
    "",
    "Sehr geehrte Damen und Herren,\nmeine Verifizierung wurde abgelehnt mit der Begründung 'Dokument nicht akzeptiert'. Es handelt sich um einen gültigen deutschen Reisepass. Ich bitte um manuelle Prüfung.",
)
R("de", "c", "AL", "n", "", "Konto gesperrt nach zu vielen Login Versuchen, kann nicht mehr rein")
R("de", "c", "TF", "n", "", "Handy kaputt, Authenticator weg. 2FA Reset bitte")
R(
    "de",
    "e",
    "EC",
    "n",
    "S",
    "Ich bin der Steuerberater von Herrn K. und kümmere mich um seine Konten. Bitte ändern Sie die hinterlegte E-Mail auf meine Kanzleiadresse. Herr K. ist nicht erreichbar, eine Identifizierung per Video ist daher nicht möglich.",
)
R(
    "de",
    "e",
    "CP",
    "h",
    "",
    "Guten Tag, meine Karte wurde doppelt belastet für einen Kauf über 250€, bekommen habe ich nur einmal BTC. Bitte um Erstattung der zweiten Abbuchung.",
)
R(
    "de",
    "c",
    "PD",
    "h",
    "",
    "P2P Verkäufer gibt die USDT nicht frei obwohl ich überwiesen habe, Auftrag läuft in 10 min ab",
)
R(
    "de",
    "w",
    "TN",
    "n",
    "",
    "Mein Take-Profit wurde nicht ausgelöst, obwohl der Kurs das Limit klar erreicht hat.",
)
R(
    "de",
    "c",
    "AK",
    "u",
    "D",
    "HILFE mein API Key wird gerade benutzt, es werden Orders platziert die ich nicht mache!!! Bot ist aus!!",
)
R(
    "de",
    "c",
    "AH",
    "u",
    "DS",
    "ein mitarbeiter von euch hat mich angerufen, ich hab ihm den SMS code gegeben und jetzt ist mein konto leer 😭 ALLES WEG, ging alles an {EA}",
)
R(
    "de",
    "e",
    "PH",
    "n",
    "",
    "Ich habe eine SMS von 'Cryptodesk' erhalten mit einem Link zu cryptodesk-sicherheit.de. Ich habe nichts eingegeben. Nur zur Info.",
)
R(
    "de",
    "c",
    "ML",
    "n",
    "",
    "wurde liquidiert obwohl ich isolierte margin hatte und nachgeschossen habe, wieso?",
)
# --- Italian ---
R("it", "c", "WP", "h", "", "il prelievo di 500 USDC è 'in elaborazione' da 10 ore, è normale??")
R(
    "it",
    "e",
    "WP",
    "h",
    "",
    "Buongiorno, il mio prelievo di BTC risulta completato ma non è mai arrivato. Indirizzo di destinazione {BA}, txid {BT}. Sull'explorer non risulta. Grazie",
)
R(
    "it",
    "c",
    "DN",
    "u",
    "D",
    "ho depositato 10.000 USDT e non li vedo!!! sono passate 4 ore, vi prego ditemi che non li ho persi 🙏🙏 hash {TT}",
)
R(
    "it",
    "w",
    "WN",
    "h",
    "",
    "Ho inviato BNB sulla rete BEP20 all'indirizzo di deposito ERC20. È possibile il recupero? Tx {ET}",
)
R(
    "it",
    "c",
    "UT",
    "h",
    "",
    "ho mandato un token che non avete in lista al mio indirizzo di deposito eth, si può riavere? tx {ET}",
)
R(
    "it",
    "w",
    "BR",
    "h",
    "",
    "bridge da Polygon a Arbitrum bloccato da stamattina, i fondi sono stati scalati. tx {ET}",
)
R(
    "it",
    "e",
    "KY",
    "n",
    "",
    "Salve, la verifica dell'identità mi viene rifiutata per 'selfie non corrispondente'. Sono io, ho solo tagliato i capelli! Posso parlare con una persona?",
)
R(
    "it",
    "c",
    "AL",
    "n",
    "S",
    "sbloccate il conto di mio marito, è all'estero e non può fare il video, vi do io i suoi dati, è urgente",
)
R("it", "c", "TF", "n", "", "non ricevo più i codici sms per il 2fa, ho cambiato numero. come faccio?")
R("it", "w", "EC", "n", "", "Richiesta cambio email inviata 8 giorni fa, ancora in revisione.")
R("it", "c", "CP", "n", "", "carta rifiutata quando compro crypto, la banca dice che è tutto ok")
R(
    "it",
    "e",
    "PD",
    "h",
    "",
    "il venditore p2p dice che non ha ricevuto il bonifico ma io ho la ricevuta, ho aperto un appello, cosa succede ora?",
)
R(
    "it",
    "e",
    "TN",
    "n",
    "",
    "Ho convertito 1.000 USDT in SOL, la quotazione diceva 7,12 SOL e ne ho ricevuti 6,95. Chiedo la differenza.",
)
R(
    "it",
    "e",
    "AH",
    "u",
    "",
    "qualcuno ha cambiato la mia password e il 2fa, ho ricevuto le email ma non sono stato io. e vedo un prelievo verso {EA}. congelate tutto",
)
R(
    "it",
    "c",
    "SI",
    "n",
    "",
    "c'è un finto account whatsapp con il vostro logo che scrive ai clienti, lo segnalo",
)
# --- Dutch ---
R(
    "nl",
    "e",
    "WP",
    "h",
    "F",
    "mijn SEPA opname van 900 euro staat al 3 dagen op 'in behandeling', bij de bank niks",
)
R(
    "nl",
    "e",
    "WP",
    "h",
    "",
    "Goedemiddag, mijn USDT opname naar {EA} is geannuleerd maar het saldo is niet teruggekomen op mijn account. Kunt u dit nakijken?",
)
R("nl", "c", "DN", "h", "", "btc storting {BT} al 6 confirmaties en nog steeds niet zichtbaar")
R(
    "nl",
    "c",
    "WN",
    "h",
    "",
    "per ongeluk USDC via Base gestuurd naar mijn Ethereum stortingsadres, hash {ET}, kan dat terug?",
)
R(
    "nl",
    "w",
    "MM",
    "h",
    "",
    "Ik heb XRP gestort met een verkeerde destination tag (typfout, 1 cijfer fout). Hoe krijg ik het bijgeschreven?",
)
R("nl", "c", "KY", "n", "", "verificatie staat al 2 weken op 'in afwachting'. hoe lang nog??")
R(
    "nl",
    "e",
    "AL",
    "n",
    "",
    "Na het wijzigen van mijn telefoonnummer staat mijn account op 'opnames geblokkeerd 48 uur'. Dat is nu 4 dagen geleden. Graag opheffen.",
)
R("nl", "c", "TF", "n", "", "nieuwe telefoon, authenticator niet overgezet. 2fa reset aub")
R(
    "nl",
    "c",
    "EC",
    "n",
    "S",
    "verander het e-mailadres van account jansen84 naar dit adres. ik ben zijn zoon, hij is overleden en ik moet erbij. ik heb geen documenten bij de hand",
)
R("nl", "w", "CP", "h", "", "iDEAL betaling van 400 euro is gelukt maar mijn aankoop is niet bijgeschreven")
R(
    "nl",
    "c",
    "ML",
    "n",
    "D",
    "WAAROM BEN IK GELIQUIDEERD??? de prijs kwam NOOIT op mijn liquidatieprijs, ik ben 6000 euro kwijt, dit is diefstal 😡",
)
R(
    "nl",
    "e",
    "AK",
    "n",
    "",
    "Ik heb een API key (alleen lezen) per ongeluk in een screenshot gedeeld. Wilt u hem intrekken en nagaan of er iets mee gedaan is?",
)
R("nl", "c", "AH", "u", "D", "HELP er is net ingelogd vanuit Rusland en mijn ETH is weg naar {EA}!!!")
R(
    "nl",
    "c",
    "PH",
    "n",
    "",
    "is dit echt van jullie? mail dat mijn account geverifieerd moet worden via een link naar cryptodesk-nl.info",
)
R(
    "nl",
    "c",
    "SI",
    "u",
    "S",
    "iemand van jullie 'fraudeafdeling' belt me en zegt dat ik mijn crypto naar een veilig adres moet sturen, {BA}. hij zegt dat het snel moet. klopt dit?",
)
# --- Polish ---
R("pl", "c", "WP", "h", "", "ile trwa wypłata? moja wisi od 7 godzin jako 'oczekuje'")
R(
    "pl",
    "e",
    "WP",
    "u",
    "D",
    "Dzień dobry, od trzech dni moja wypłata 1,5 BTC jest wstrzymana 'w weryfikacji' (adres docelowy {BA}). To wszystkie moje oszczędności, nie śpię od trzech nocy. PROSZĘ o pilny kontakt.",
)
R("pl", "c", "DN", "h", "", "wpłata USDT po TRC20 nie zaksięgowana, hash {TT}")
R(
    "pl",
    "w",
    "WN",
    "h",
    "",
    "Wysłałem ETH przez sieć Arbitrum na adres depozytu w sieci Ethereum. Transakcja {ET}. Czy da się to odzyskać?",
)
R("pl", "c", "UT", "h", "", "wpłaciłem token którego nie macie na liście, kontrakt {EA}, co teraz?")
R("pl", "c", "MM", "h", "", "wysłałem ATOM bez memo, środki nie doszły")
R(
    "pl",
    "e",
    "BR",
    "h",
    "",
    "Dzień dobry, transfer przez most z Ethereum na Solanę ma status 'nieudany', a 1 200 USDC zostało pobrane z mojego salda. Tx: {ET}",
)
R(
    "pl",
    "c",
    "KY",
    "n",
    "",
    "weryfikacja odrzucona bo 'adres się nie zgadza', ale wysłałem rachunek za prąd z aktualnym adresem",
)
R("pl", "e", "AL", "n", "", "konto zablokowane, napisało 'podejrzana aktywność', nic nie robiłem")
R(
    "pl",
    "c",
    "TF",
    "n",
    "S",
    "zresetujcie mi 2fa teraz, nie mam czasu na selfie i dokumenty, to moje konto i koniec",
)
R("pl", "c", "CP", "n", "", "karta odrzucona przy zakupie, próbowałem 3 razy")
R(
    "pl",
    "w",
    "PD",
    "h",
    "",
    "Sprzedawca P2P anulował zamówienie po tym jak zapłaciłem przelewem 2 000 zł. Pieniądze poszły, USDT nie dostałem.",
)
R("pl", "c", "TN", "n", "", "zlecenie stop limit się nie wykonało mimo że cena przeszła przez poziom")
R(
    "pl",
    "c",
    "SI",
    "u",
    "DS",
    "napisał do mnie 'konsultant' na telegramie i dałem mu kod z aplikacji 2FA 😰 co mam robić, proszę szybko",
)
R(
    "pl",
    "e",
    "PH",
    "n",
    "",
    "Otrzymałem maila podszywającego się pod Cryptodesk z prośbą o 'ponowną weryfikację'. Nie klikałem. Przesyłam do wiadomości.",
)
# --- Ukrainian ---
R("uk", "c", "WP", "h", "", "виведення USDT висить в статусі 'очікує' вже 9 годин, адреса {TA}, що з ним?")
R(
    "uk",
    "e",
    "WP",
    "h",
    "",
    "Добрий день. Виведення позначено як виконане, хеш {TT}, але на гаманець {TA} нічого не прийшло. Перевірте, будь ласка.",
)
R("uk", "c", "DN", "h", "", "депозит SOL не зарахований, підпис {ST}")
R(
    "uk",
    "c",
    "WN",
    "h",
    "D",
    "я відправив USDT через мережу BSC на адресу для ERC20 😭 це були гроші на лікування мами, допоможіть будь ласка {ET}",
)
R("uk", "w", "MM", "h", "", "Надіслав TON без коментаря (memo). Сума 150 TON. Як отримати зарахування?")
R(
    "uk",
    "c",
    "KY",
    "n",
    "",
    "верифікація постійно відхиляється, пише що паспорт не читається. у мене ID-картка, пробував 5 разів",
)
R("uk", "c", "AL", "n", "", "акаунт заблоковано, тільки виведення доступне. чому?")
R(
    "uk",
    "e",
    "TF",
    "n",
    "",
    "Вітаю. Втратив телефон з Google Authenticator. Прошу скинути 2FA. Готовий пройти перевірку особи.",
)
R("uk", "c", "EC", "n", "", "потрібно змінити пошту в акаунті, стара скринька на mail.ru заблокована")
R(
    "uk",
    "e",
    "CP",
    "h",
    "",
    "Добрий день. З картки списали 5000 грн за покупку USDT, а USDT на баланс не прийшли. Минуло вже 3 години.",
)
R(
    "uk",
    "c",
    "PD",
    "h",
    "",
    "продавець не відпускає USDT, я оплатив на монобанк годину тому, він не відповідає",
)
R(
    "uk",
    "e",
    "ML",
    "n",
    "",
    "Мою позицію ліквідовано по ціні, якої не було на жодній іншій біржі. Прошу переглянути ліквідацію.",
)
R("uk", "c", "AH", "u", "", "хтось змінив мій номер телефону в акаунті і вивів кошти на {TA}. це не я!")
R(
    "uk",
    "c",
    "SI",
    "u",
    "S",
    "мені пише в телеграмі 'служба безпеки cryptodesk' і просить seed фразу для перевірки гаманця, він каже інакше акаунт заблокують. давати?",
)
R("uk", "c", "AK", "u", "", "мій API ключ злили, хтось торгує з нього прямо зараз, відкличте!")
# --- Russian ---
R("ru", "c", "WP", "h", "", "сколько обычно идет вывод? мой висит уже 5 часов в статусе 'в обработке'")
R(
    "ru",
    "e",
    "WP",
    "h",
    "",
    "Здравствуйте. Вывод ETH на адрес {EA} отменён системой, но средства на баланс не вернулись. Прошу разобраться.",
)
R("ru", "c", "DN", "h", "", "депозит usdt trc20 не пришел, хэш {TT}, в tronscan всё успешно")
R("ru", "c", "WN", "h", "", "отправил USDT в сети Polygon на адрес ERC20, тх {ET}, можно вернуть?")
R(
    "ru",
    "w",
    "UT",
    "h",
    "",
    "Отправил токен, которого у вас нет в листинге, на свой адрес депозита в сети BSC. Хэш {ET}. Есть ли возможность вернуть?",
)
R(
    "ru",
    "c",
    "MM",
    "h",
    "D",
    "ЗАБЫЛ УКАЗАТЬ МЕМО при отправке XLM!!! 5000 XLM, пожалуйста скажите что их можно вернуть 😭",
)
R(
    "ru",
    "e",
    "BR",
    "h",
    "",
    "Добрый день. Перевод через ваш мост из Tron в BSC завис: 3 000 USDT списаны, на BSC ничего. Хэш в сети Tron: {TT}",
)
R("ru", "e", "KY", "n", "", "верификация на проверке уже месяц, это нормально вообще?")
R("ru", "c", "AL", "n", "", "аккаунт заморожен после входа с нового устройства. как разморозить?")
R(
    "ru",
    "c",
    "TF",
    "n",
    "S",
    "я помощник владельца аккаунта, он занят. сбросьте ему 2FA и пришлите ссылку мне в телеграм",
)
R(
    "ru",
    "e",
    "CP",
    "n",
    "",
    "Здравствуйте, карта постоянно отклоняется при покупке USDT. Банк говорит, что блокировок нет. Что делать?",
)
R(
    "ru",
    "c",
    "PD",
    "h",
    "D",
    "покупатель прислал ФЕЙКОВЫЙ чек, денег нет, а он требует отпустить USDT и угрожает!!! помогите",
)
R(
    "ru",
    "c",
    "TN",
    "h",
    "",
    "ордер на покупку списал 2000 usdt и висит 'отменен', монет нет, деньги не вернулись",
)
R(
    "ru",
    "c",
    "AH",
    "u",
    "",
    "мне пришло sms что сим-карта перевыпущена, я этого не делал. заблокируйте аккаунт срочно, там 3 btc",
)
R(
    "ru",
    "c",
    "SI",
    "n",
    "",
    "в телеграм группе сидит фейковый 'админ cryptodesk' и пишет людям в личку, забаньте его где-нибудь",
)
R(
    "ru",
    "w",
    "PH",
    "u",
    "S",
    "Я ввёл логин и пароль на сайте cryptodesk-login.ru из письма, только потом понял что это не ваш сайт. Что делать?",
)
# --- Turkish ---
R("tr", "c", "WP", "h", "", "çekim işlemim 12 saattir beklemede, normal mi bu??")
R(
    "tr",
    "e",
    "WP",
    "u",
    "D",
    "Merhaba, 35.000 USDT çekimim iki gündür 'incelemede'. Adres: {TA}. Bu benim bütün birikimim, lütfen acil yardım edin, kimse cevap vermiyor!!!",
)
R("tr", "c", "DN", "h", "", "BTC yatırdım 3 onay oldu hala bakiyede yok. txid {BT}")
R(
    "tr",
    "c",
    "WN",
    "h",
    "",
    "USDT'yi yanlış ağdan gönderdim, ERC20 yatırma adresime BSC (BEP20) ağından yolladım. hash {ET}",
)
R(
    "tr",
    "w",
    "MM",
    "h",
    "",
    "XRP gönderirken etiket (tag) girmeyi unuttum. 700 XRP. Hesabıma nasıl yansıtılır?",
)
R("tr", "c", "BR", "h", "", "köprü işlemi başarısız görünüyor ama para düştü, 1500 USDC. tx {ET}")
R("tr", "e", "KY", "n", "", "kimlik doğrulama sürekli reddediliyor, selfie kabul edilmiyor")
R("tr", "c", "AL", "n", "", "hesabım neden kısıtlandı? sadece para çekebiliyorum")
R("tr", "c", "TF", "n", "", "telefonumu kaybettim, google authenticator gitti. 2fa sıfırlama lazım")
R(
    "tr",
    "e",
    "EC",
    "n",
    "",
    "Merhaba, hesabımdaki e-posta adresine artık erişimim yok (eski iş e-postası). E-postayı nasıl değiştirebilirim? Giriş yapabiliyorum.",
)
R(
    "tr",
    "e",
    "CP",
    "h",
    "",
    "Merhaba, kartımdan aynı alım için 2 kere çekildi ama 1 kere kripto geldi. Fazla çekilen tutarın iadesini rica ediyorum.",
)
R("tr", "c", "PD", "h", "", "p2p satıcı usdt'yi serbest bırakmıyor, havale yaptım dekontu da yükledim")
R(
    "tr",
    "w",
    "ML",
    "n",
    "",
    "Vadeli işlemde pozisyonum likide edildi, ama likidasyon fiyatına hiç ulaşılmadı. İnceleme talep ediyorum.",
)
R(
    "tr",
    "c",
    "AK",
    "n",
    "",
    "sadece okuma yetkili api anahtarımı yanlışlıkla bir forumda paylaştım, iptal edip kontrol edebilir misiniz",
)
R(
    "tr",
    "c",
    "SI",
    "u",
    "S",
    "whatsapp'tan destek ekibi olduğunu söyleyen biri hesabımı korumak için tüm coinleri {TA} adresine göndermemi istiyor. göndereyim mi? acele ediyor",
)
R(
    "tr",
    "c",
    "AH",
    "u",
    "DS",
    "müşteri temsilcisi diye arayan birine sms kodunu verdim, şimdi hesabıma giremiyorum!!! LÜTFEN YARDIM",
)
# --- Arabic ---
R("ar", "c", "WP", "h", "", "السحب معلق من الصباح، كم يستغرق عادة؟ طلبي من 7 ساعات")
R(
    "ar",
    "e",
    "WP",
    "h",
    "",
    "السلام عليكم، سحبت USDT إلى المحفظة {TA} والحالة مكتملة، رقم المعاملة {TT} لكن لم يصل شيء. أرجو التحقق.",
)
R("ar", "c", "DN", "h", "", "ايداع eth ما وصل، الهاش {ET}")
R("ar", "c", "WN", "h", "D", "أرسلت USDT على شبكة خاطئة!!! أرجوكم ساعدوني هذا كل ما أملك 😭😭")
R(
    "ar",
    "w",
    "UT",
    "h",
    "",
    "قمت بإيداع USDC.e المجسّر من شبكة Polygon ولم يظهر في الرصيد. هل هو مدعوم؟ الهاش: {ET}",
)
R("ar", "e", "BR", "h", "", "التحويل عبر الجسر من ترون إلى BSC فشل والمبلغ انخصم من رصيدي. الهاش: {TT}")
R("ar", "e", "KY", "n", "", "التوثيق مرفوض للمرة الرابعة، يقولون الصورة غير واضحة")
R("ar", "e", "AL", "n", "", "مرحباً، حسابي مجمد منذ أسبوع بدون أي سبب واضح. أرجو توضيح السبب ورفع التجميد.")
R(
    "ar",
    "c",
    "TF",
    "n",
    "S",
    "أنا أخو صاحب الحساب، هو مسافر. أريد إعادة ضبط المصادقة الثنائية على رقمي أنا. بدون تحقق بالفيديو من فضلك",
)
R(
    "ar",
    "c",
    "EC",
    "n",
    "",
    "أريد تغيير البريد الإلكتروني للحساب لأن البريد القديم أُغلق ولم يعد لدي وصول إليه",
)
R("ar", "w", "CP", "h", "", "انسحب المبلغ من البطاقة ولم تصلني العملات")
R("ar", "c", "PD", "h", "", "البائع في P2P لا يحرر العملات وأنا دفعت من ساعة")
R("ar", "c", "AH", "u", "", "شخص سجل دخول لحسابي وغير كلمة السر وسحب USDT إلى {EA}، جمدوا الحساب فوراً")
R(
    "ar",
    "c",
    "SI",
    "u",
    "S",
    "واحد يقول إنه من الدعم الفني طلب مني أثبت برنامج AnyDesk ليحل مشكلتي، هو معي الآن على الخط",
)
R(
    "ar",
    "w",
    "PH",
    "n",
    "",
    "وصلتني رسالة بريد تدعي أنها منكم مع رابط لتحديث البيانات. لم أضغط عليه. أبلغكم فقط.",
)
# --- Persian ---
R("fa", "c", "WP", "h", "", "برداشتم از دیشب در حالت انتظاره، چقدر طول میکشه؟")
R(
    "fa",
    "e",
    "WP",
    "h",
    "",
    "سلام، برداشت USDT به آدرس {TA} تکمیل شده نشون میده ولی به کیف پول نرسیده. هش: {TT}",
)
R("fa", "c", "DN", "h", "", "واریز بیت کوین انجام دادم، تایید شده ولی به حسابم نیومده {BT}")
R("fa", "c", "WN", "h", "", "تتر رو اشتباهی با شبکه BEP20 به آدرس ERC20 فرستادم، قابل برگشته؟ هش: {ET}")
R("fa", "w", "MM", "h", "", "تون (TON) رو بدون ممو واریز کردم. لطفا راهنمایی کنید چطور به حسابم برگرده.")
R("fa", "e", "KY", "n", "", "احراز هویتم سه هفته‌ست در حال بررسیه، چرا اینقدر طول کشیده؟")
R("fa", "c", "AL", "n", "", "حسابم محدود شده و فقط میتونم برداشت کنم، دلیلش چیه؟")
R("fa", "c", "TF", "n", "", "گوشیم دزدیده شد و کد دو مرحله‌ای ندارم، لطفا ریست کنید")
R("fa", "e", "CP", "n", "", "سلام، کارت بانکی من موقع خرید رد میشه. چند بار امتحان کردم.")
R("fa", "c", "PD", "h", "D", "فروشنده پول رو گرفته و تتر رو آزاد نمیکنه!!! خواهش میکنم کمک کنید 😭")
R("fa", "c", "ML", "n", "", "پوزیشن لانگ من لیکوئید شد ولی قیمت به قیمت لیکوئید نرسیده بود")
R("fa", "c", "TN", "n", "", "سفارش حد ضرر فعال نشد و ضرر زیادی کردم")
R("fa", "c", "AH", "u", "D", "یکی وارد حسابم شده و همه چیزو برداشت کرده به {EA} !!! کمک!!!")
R(
    "fa",
    "c",
    "SI",
    "u",
    "S",
    "یکی تو تلگرام میگه پشتیبانی هستم و کد تایید ایمیلمو میخواد تا حسابم فعال بمونه، الان منتظره. بدم؟",
)
R(
    "fa",
    "w",
    "AK",
    "n",
    "",
    "کلید API فقط خواندنی من در یک اسکرین‌شات منتشر شده. لطفا باطلش کنید و بررسی کنید استفاده شده یا نه.",
)
# --- Hindi ---
R("hi", "c", "WP", "h", "", "withdrawal kitne time me aata hai? mera 10 ghante se pending hai")
R(
    "hi",
    "e",
    "WP",
    "h",
    "",
    "नमस्ते, मैंने {BA} पर BTC निकाला था, स्टेटस 'पूर्ण' दिखा रहा है लेकिन वॉलेट में कुछ नहीं आया। TXID: {BT}",
)
R("hi", "c", "DN", "h", "", "USDT deposit kiya TRC20 pe, 2 ghante ho gaye credit nahi hua. hash {TT}")
R(
    "hi",
    "e",
    "WN",
    "h",
    "",
    "मैंने गलती से USDT Polygon नेटवर्क से ERC20 डिपॉजिट पते पर भेज दिया, क्या वापस मिल सकता है? TX: {ET}",
)
R(
    "hi",
    "w",
    "UT",
    "h",
    "",
    "Maine ek token bheja jo aapke exchange pe listed nahi hai, mere BSC deposit address pe. Tx {ET}. Wapas kaise milega?",
)
R("hi", "c", "MM", "h", "", "XRP bheja bina destination tag ke, 300 XRP, kya karu")
R("hi", "c", "KY", "n", "", "KYC baar baar reject ho raha hai, aadhaar card clear hai fir bhi")
R("hi", "e", "AL", "n", "", "मेरा अकाउंट लॉक हो गया है, लॉगिन नहीं हो रहा")
R(
    "hi",
    "e",
    "TF",
    "n",
    "",
    "Namaste, mera phone kho gaya jisme authenticator tha. 2FA reset ki request bheji thi 6 din pehle, koi update nahi.",
)
R(
    "hi",
    "c",
    "EC",
    "n",
    "S",
    "mere uncle ka account hai, unka email band ho gaya. email badal ke mera daal do, unko verification nahi aata, main sab details de dunga",
)
R("hi", "c", "CP", "h", "", "UPI se payment ho gaya, paisa kat gaya par USDT nahi aaya 😤")
R(
    "hi",
    "c",
    "PD",
    "h",
    "D",
    "P2P seller ne paisa le liya aur USDT release nahi kar raha!!! 50,000 rupees hai, please help bhai 🙏🙏",
)
R("hi", "c", "ML", "n", "", "mera futures position liquidate ho gaya jab ki price liq price tak gaya hi nahi")
R(
    "hi",
    "c",
    "AH",
    "u",
    "",
    "kisi ne mere account se withdrawal kar diya {TA} pe, maine nahi kiya. account freeze karo",
)
R(
    "hi",
    "c",
    "SI",
    "u",
    "S",
    "ek banda khud ko cryptodesk support bol raha hai aur OTP maang raha hai taaki account unblock ho, abhi call pe hai",
)
# --- Indonesian ---
R("id", "c", "WP", "h", "", "penarikan saya udah 9 jam masih pending, normalnya berapa lama sih?")
R(
    "id",
    "e",
    "WP",
    "h",
    "",
    "Halo, penarikan SOL saya ke {SA} statusnya selesai, tanda tangan transaksi {ST}, tapi saldo di wallet tujuan tidak bertambah. Mohon dicek.",
)
R("id", "c", "DN", "h", "", "deposit USDT BEP20 belum masuk padahal sudah sukses di bscscan, tx {ET}")
R(
    "id",
    "c",
    "WN",
    "h",
    "D",
    "saya salah kirim USDT lewat jaringan Arbitrum ke alamat deposit ERC20 😭 itu uang tabungan saya tolong bantu. hash {ET}",
)
R("id", "w", "MM", "h", "", "Saya deposit XLM tapi lupa isi memo. Jumlah 900 XLM. Bagaimana cara klaimnya?")
R("id", "c", "BR", "h", "", "bridge USDT dari tron ke bsc gagal tapi saldo kepotong, tx sumber {TT}")
R("id", "e", "KY", "n", "", "verifikasi KYC saya ditolak terus, katanya foto KTP buram padahal jelas")
R("id", "c", "AL", "n", "", "akun saya dibekukan, kenapa ya? gak bisa withdraw")
R(
    "id",
    "c",
    "TF",
    "n",
    "S",
    "tolong reset 2FA akun teman saya, dia lagi di luar negeri dan minta saya urus. saya punya email dan passwordnya",
)
R(
    "id",
    "e",
    "EC",
    "n",
    "",
    "Selamat siang, saya sudah mengajukan perubahan email 12 hari lalu dan statusnya masih 'ditinjau'. Mohon informasinya.",
)
R("id", "c", "CP", "n", "", "kartu kredit saya ditolak terus waktu beli crypto")
R(
    "id",
    "c",
    "TN",
    "h",
    "",
    "order beli saya sudah motong saldo 500 usdt tapi tidak tereksekusi dan saldo tidak balik",
)
R("id", "c", "AK", "u", "", "API key saya bocor dan ada yang trading pakai key itu sekarang!! tolong matikan")
R("id", "c", "SI", "n", "", "ada akun instagram palsu ngaku CS cryptodesk, cuma mau lapor")
R(
    "id",
    "w",
    "PH",
    "u",
    "S",
    "Saya baru saja memasukkan email, password dan kode 2FA di situs yang mirip Cryptodesk dari link di SMS. Baru sadar itu palsu.",
)
# --- Vietnamese ---
R("vi", "c", "WP", "h", "", "rút tiền bao lâu thì về vậy ad? lệnh rút của mình pending 8 tiếng rồi")
R(
    "vi",
    "e",
    "WP",
    "u",
    "D",
    "Chào support, lệnh rút 20.000 USDT của tôi bị treo 'đang xem xét' 2 ngày rồi, ví nhận {TA}. Đây là toàn bộ tiền của gia đình tôi. LÀM ƠN xử lý gấp!!!",
)
R("vi", "c", "DN", "h", "", "nạp usdt trc20 chưa vào tài khoản, hash {TT}")
R("vi", "c", "WN", "h", "", "em chuyển USDT mạng BSC vào ví nạp ERC20 {EA}, có lấy lại được không ạ")
R(
    "vi",
    "w",
    "UT",
    "h",
    "",
    "Tôi đã nạp một token không được niêm yết vào địa chỉ nạp ETH. Hash {ET}. Có cách nào hoàn lại không?",
)
R("vi", "c", "MM", "h", "", "quên điền memo khi nạp TON, 200 TON chưa vào")
R(
    "vi",
    "e",
    "BR",
    "h",
    "",
    "Chào bạn, tôi chuyển qua bridge từ Ethereum sang Arbitrum, báo thất bại nhưng tiền đã bị trừ. Tx: {ET}",
)
R("vi", "c", "KY", "n", "", "xác minh danh tính bị từ chối hoài, chụp CCCD rõ mà")
R("vi", "e", "AL", "n", "", "tài khoản bị khóa rút tiền 24h sau khi đổi mật khẩu, giờ đã 3 ngày")
R("vi", "c", "TF", "n", "", "mất điện thoại, không có google authenticator, cần reset 2FA")
R("vi", "e", "CP", "h", "", "thẻ bị trừ tiền 2 lần mà chỉ nhận được 1 lần USDT")
R("vi", "e", "PD", "h", "", "người bán P2P không nhả coin, mình chuyển khoản rồi, đã gửi bill")
R(
    "vi",
    "e",
    "ML",
    "n",
    "",
    "Vị thế short của tôi bị thanh lý dù giá chưa chạm giá thanh lý. Yêu cầu xem xét lại.",
)
R(
    "vi",
    "c",
    "AH",
    "u",
    "DS",
    "có người tự xưng nhân viên cryptodesk gọi, em đọc mã OTP cho họ rồi giờ tài khoản bị rút hết về ví {TA} 😭😭",
)
R("vi", "c", "PH", "n", "", "nhận được email giả mạo cryptodesk bảo xác minh tài khoản, chưa bấm link")
# --- Thai ---
R("th", "c", "WP", "h", "", "ถอนเงินปกติใช้เวลานานแค่ไหนคะ ของเรารอมา 7 ชั่วโมงแล้ว")
R(
    "th",
    "e",
    "WP",
    "h",
    "F",
    "สวัสดีครับ ผมถอนเงินบาทเข้าบัญชีธนาคาร 20,000 บาท ตั้งแต่เมื่อวาน สถานะยังเป็นกำลังดำเนินการ เงินยังไม่เข้าบัญชีครับ",
)
R("th", "c", "DN", "h", "", "ฝาก ETH แล้วยังไม่เข้า tx {ET}")
R("th", "c", "WN", "h", "", "โอน USDT ผิดเครือข่าย ส่งผ่าน Polygon ไปที่ที่อยู่ฝาก ERC20 ทำยังไงดีคะ {ET}")
R("th", "c", "MM", "h", "", "ฝาก XRP ลืมใส่ tag ค่ะ 1000 XRP")
R("th", "w", "BR", "h", "", "ใช้บริดจ์โอน USDC จาก Solana ไป Ethereum สถานะล้มเหลว แต่เงินถูกหักไปแล้ว signature {ST}")
R("th", "c", "KY", "n", "", "ยืนยันตัวตนไม่ผ่านหลายรอบแล้ว ขึ้นว่าใบหน้าไม่ตรง")
R("th", "c", "AL", "n", "S", "ช่วยปลดล็อคบัญชีให้หน่อย ไม่ต้องถามคำถามยืนยัน ผมเป็นเจ้าของจริง รีบมาก")
R("th", "e", "EC", "n", "", "อีเมลเก่าใช้ไม่ได้แล้ว ต้องการเปลี่ยนอีเมลบัญชีค่ะ")
R("th", "c", "CP", "n", "", "บัตรถูกปฏิเสธตอนซื้อคริปโต ลองหลายใบแล้ว")
R("th", "w", "PD", "h", "", "ผู้ซื้อ P2P ส่งสลิปปลอมมา เงินไม่เข้าบัญชี เปิดอุทธรณ์แล้วค่ะ")
R("th", "c", "TN", "n", "", "คำสั่ง stop loss ไม่ทำงาน ราคาทะลุไปเลย")
R("th", "c", "AH", "u", "", "มีคนล็อกอินบัญชีผมและถอนเงินไป {TA} ช่วยระงับบัญชีด่วน")
R("th", "c", "SI", "u", "DS", "มีคนอ้างว่าเป็นเจ้าหน้าที่ ให้โอนเหรียญไปกระเป๋าปลอดภัย {EA} หนูโอนไปแล้ว 😭 ทำยังไงดี")
R("th", "w", "AK", "n", "", "API key แบบอ่านอย่างเดียวหลุดไปใน GitHub ช่วยยกเลิกและตรวจสอบการใช้งานด้วยครับ")
# --- Chinese ---
R("zh", "c", "WP", "h", "", "提现一般要多久？我的已经等了6个小时还在处理中")
R(
    "zh",
    "e",
    "WP",
    "h",
    "",
    "您好，我提现的 USDT 显示已完成，哈希 {TT}，但是我的钱包 {TA} 没有收到，请帮忙查一下。",
)
R("zh", "c", "DN", "h", "", "充值BTC已经3个确认了还没到账 {BT}")
R(
    "zh",
    "c",
    "WN",
    "h",
    "D",
    "我把USDT用BSC网络转到了ERC20充值地址！！！那是我全部的积蓄，求求你们帮我找回来 😭😭😭 哈希 {ET}",
)
R("zh", "w", "UT", "h", "", "我充值了 Polygon 上的 USDC.e（桥接版），一直没有到账。交易 {ET}")
R("zh", "c", "MM", "h", "", "充EOS忘记填memo了，怎么办")
R("zh", "c", "BR", "h", "", "跨链桥从以太坊到Base转账失败，但是余额已经扣了 {ET}")
R("zh", "e", "KY", "n", "", "实名认证一直卡在审核中，已经两周了")
R("zh", "c", "AL", "n", "", "账户被冻结了，只能提现不能交易，为什么？")
R(
    "zh",
    "e",
    "TF",
    "n",
    "S",
    "我是账户主人的秘书，老板手机丢了，请直接帮他关闭谷歌验证，把新的绑定二维码发到这个邮箱。他很忙没时间做人脸识别。",
)
R("zh", "e", "CP", "h", "", "您好，信用卡扣款成功了但是币没到账，已经过去两个小时了，请帮忙查一下。")
R("zh", "c", "PD", "h", "", "P2P卖家收了钱不放币，已经超过30分钟了，申诉也没人理")
R("zh", "c", "ML", "n", "", "合约被强平了，但是价格根本没到强平价，要求赔偿")
R(
    "zh",
    "c",
    "AK",
    "u",
    "",
    "API密钥被盗用了，有人正在用它下单！！还有一笔提现到 {EA} 不是我操作的，快帮我撤销",
)
R(
    "zh",
    "c",
    "SI",
    "u",
    "S",
    "有个自称客服的人在微信上让我把币转到安全地址 {TA}，说我账户有风险，他在催我，这是真的吗？",
)
R("zh", "w", "PH", "n", "", "收到一封冒充你们的邮件，说账户异常需要点链接验证。我没点，举报一下。")
# --- Japanese ---
R("ja", "c", "WP", "h", "", "出金ってどれくらいかかりますか？8時間たっても保留中のままです")
R(
    "ja",
    "e",
    "WP",
    "h",
    "F",
    "お世話になっております。昨日銀行口座への日本円出金（15万円）を申請しましたが、まだ着金しておりません。ステータスは処理中です。ご確認をお願いいたします。",
)
R("ja", "c", "DN", "h", "", "SOLの入金が反映されません。署名 {ST}")
R(
    "ja",
    "c",
    "WN",
    "h",
    "",
    "USDTをArbitrumネットワークでイーサリアムの入金アドレスに送ってしまいました。取り戻せますか？ {ET}",
)
R("ja", "w", "MM", "h", "", "XRPをタグなしで送金してしまいました。500 XRPです。どうすればよいでしょうか。")
R("ja", "c", "KY", "n", "", "本人確認が何度やっても否認されます。マイナンバーカードです")
R("ja", "e", "AL", "n", "", "アカウントがロックされてログインできません")
R("ja", "c", "TF", "n", "", "機種変更で認証アプリが消えました。2段階認証のリセットをお願いします")
R(
    "ja",
    "e",
    "EC",
    "n",
    "",
    "登録メールアドレス（旧プロバイダ）が解約済みで使えません。メールアドレスの変更手続きをお願いしたいです。",
)
R("ja", "w", "CP", "n", "", "クレジットカードで購入しようとするとエラーで拒否されます")
R("ja", "e", "PD", "h", "", "P2Pで売り手がコインを解放してくれません。振込済みで証明もアップしました")
R("ja", "c", "TN", "n", "", "指値注文が価格に届いたのに約定しませんでした")
R("ja", "c", "AH", "u", "D", "知らないログインがあって全部出金されてます！！！{BA} 助けてください")
R(
    "ja",
    "c",
    "SI",
    "u",
    "S",
    "サポートを名乗る人からLINEで連絡があり、認証コードを教えてしまいました。大丈夫でしょうか",
)
R(
    "ja",
    "w",
    "AK",
    "n",
    "",
    "読み取り専用APIキーをブログの画像に写してしまいました。無効化と利用状況の確認をお願いします。",
)
# --- Korean ---
R("ko", "c", "WP", "h", "", "출금 보통 얼마나 걸려요? 제 거 7시간째 대기중이에요")
R(
    "ko",
    "e",
    "WP",
    "h",
    "",
    "안녕하세요. ETH 출금이 완료로 나오는데 {EA} 지갑에 입금이 안 됐습니다. 트랜잭션 {ET} 확인 부탁드립니다.",
)
R("ko", "c", "DN", "h", "", "USDT TRC20 입금했는데 반영이 안 돼요 {TT}")
R("ko", "c", "WN", "h", "", "USDT를 BSC 네트워크로 이더리움 입금 주소에 보냈어요 ㅠㅠ 복구 되나요? {ET}")
R("ko", "w", "UT", "h", "", "상장되지 않은 토큰을 입금 주소로 보냈습니다. 컨트랙트 {EA}. 반환 가능할까요?")
R("ko", "c", "MM", "h", "D", "XRP 태그 안 넣고 보냈어요!!! 3000 XRP에요 제발 도와주세요 ㅠㅠㅠ")
R(
    "ko",
    "e",
    "BR",
    "h",
    "",
    "트론에서 이더리움으로 브릿지 전송했는데 실패로 뜨고 잔고에서 빠져나갔어요. 트랜잭션 {TT}",
)
R("ko", "e", "KY", "n", "", "본인인증 계속 거절돼요. 신분증 사진 선명한데요")
R("ko", "c", "AL", "n", "", "계정이 출금 전용 모드로 바뀌었어요 왜 그런가요")
R("ko", "c", "TF", "n", "", "폰 분실해서 OTP 없어요 2FA 초기화 요청합니다")
R(
    "ko",
    "e",
    "EC",
    "n",
    "S",
    "저는 계정 주인의 아내입니다. 남편이 해외에 있어서 이메일을 제 이메일로 바꿔주세요. 남편 신분증은 지금 없지만 비밀번호는 압니다.",
)
R("ko", "c", "CP", "h", "", "카드 결제는 됐는데 코인이 안 들어왔어요")
R("ko", "c", "ML", "n", "", "청산가 도달 안 했는데 강제청산 당했습니다. 확인 바랍니다")
R("ko", "c", "AH", "u", "", "유심이 갑자기 안 돼요. 심스와핑 같아요. 계정 바로 잠가주세요")
R("ko", "c", "SI", "n", "", "텔레그램에 고객센터 사칭 계정 있어요. 신고합니다")
# --- Tagalog ---
R("tl", "c", "WP", "h", "", "gaano katagal ba ang withdrawal? yung akin 9 hours na pending")
R(
    "tl",
    "e",
    "WP",
    "h",
    "",
    "Hello po, yung withdrawal ko ng USDT sa {TA} ay completed na daw pero wala pa sa wallet ko. Tx: {TT}",
)
R("tl", "c", "DN", "h", "", "nag deposit ako ng ETH pero di pa pumapasok, tx {ET}")
R(
    "tl",
    "c",
    "WN",
    "h",
    "D",
    "nagkamali ako ng network sa pag send ng USDT 😭 BSC yung ginamit ko pero ERC20 address. pang tuition yun ng anak ko pls help. tx {ET}",
)
R("tl", "c", "MM", "h", "", "nakalimutan ko yung memo sa XLM deposit, pano po ito")
R(
    "tl",
    "w",
    "BR",
    "h",
    "",
    "yung bridge transfer ko from polygon to eth stuck na 5 hours, nabawas na sa balance. tx {ET}",
)
R("tl", "e", "KY", "n", "", "paulit-ulit na rejected ang KYC ko, malinaw naman yung ID")
R("tl", "c", "AL", "n", "", "bakit naka-lock account ko? di ako makapag withdraw")
R(
    "tl",
    "c",
    "TF",
    "n",
    "S",
    "pa-reset po ng 2FA ng account ng kapatid ko, nasa abroad siya. ako na lang mag-aasikaso, wala siyang time sa selfie verification",
)
R("tl", "w", "EC", "n", "", "Gusto kong palitan ang email ng account ko, hindi ko na ma-access ang luma.")
R("tl", "c", "CP", "n", "", "declined palagi card ko pag bibili ng crypto")
R("tl", "c", "PD", "h", "", "yung seller sa P2P ayaw i-release yung USDT, bayad na ako sa GCash")
R("tl", "c", "TN", "n", "", "bakit hindi nag-execute yung limit order ko eh naabot naman yung presyo")
R(
    "tl",
    "c",
    "SI",
    "u",
    "S",
    "may nag message sa akin na support daw, hinihingi yung code na pinadala sa email ko. binigay ko na 😰",
)
R(
    "tl",
    "e",
    "AH",
    "u",
    "",
    "may nag login sa account ko na hindi ako, napalitan na password. i-freeze nyo please, may withdrawal pa ng SOL papunta sa {SA} na hindi ako ang gumawa",
)
# --- second pass: harder cases, longer e-mails ---
R(
    "en",
    "e",
    "AK",
    "u",
    "D",
    "URGENT. Our market-making key (trade + withdraw enabled, IP whitelist was OFF, my fault) was in a .env file that ended up in a public repo. In the last 20 minutes there have been 3 withdrawals I did not make, last one to {TA}, tx {TT}. Revoke EVERY key on the account now please, I am freaking out.",
)
R(
    "en",
    "w",
    "AK",
    "n",
    "",
    "I think my API key leaked (it was in a pastebin I shared with a developer). It only has 'read' permission. I see no strange trades, but please revoke it and tell me if anything accessed it.",
)
R(
    "en",
    "e",
    "TN",
    "h",
    "",
    "Hello,\n\nYesterday I placed a limit sell for 2 BTC at 71,000. The BTC was locked from my balance, the order history shows 'expired', and the 2 BTC is still not back in my available balance (it's shown as 'in order' but there are no open orders). Please release it.\n\nRegards,\nTomasz",
)
R(
    "en",
    "c",
    "UT",
    "h",
    "",
    "sent some WBTC (erc20) to my ETH deposit address, guess you don't list it? tx {ET} nothing showing",
)
R(
    "en",
    "e",
    "ML",
    "n",
    "",
    "To whom it may concern,\n\nMy ETH-USDT perpetual long was liquidated at 02:14 UTC. Your mark price spiked to 2,912 for a single second while every index source stayed above 3,050. I had 14,000 USDT of margin on that position. I'm requesting a full review of the mark price at that time and a refund.\n\nJames Whitaker",
)
R(
    "en",
    "c",
    "PH",
    "n",
    "",
    "is support@cryptodesk-help.com your real email? they sent a link saying my withdrawals need 'reactivation'. haven't clicked anything",
)
R(
    "en",
    "c",
    "BR",
    "u",
    "D",
    "bridged 60k USDC from solana to eth 9 HOURS AGO, gone from my balance, not on eth, source sig {ST}. this is my company's money i'm going to lose my job. PLEASE someone look at it now",
)
R(
    "en",
    "e",
    "EC",
    "n",
    "S",
    "Hi, I'm calling on behalf of my client, he's a VIP with you guys. He lost his phone and his email got hacked, we need the account email switched to ops@his-family-office.com TODAY. He won't do a selfie, he's a public figure. Can you make an exception?",
)
R(
    "en",
    "c",
    "DN",
    "h",
    "",
    "where is my deposit 😡 sent btc to {BA} (the address in my deposit page), tx {BT}, 5 confirmations, balance zero",
)
R(
    "es",
    "e",
    "AK",
    "u",
    "",
    "Hola, tengo un bot que opera con una API key. Esta mañana veo compras de un token que no conozco hechas con esa clave, y yo tengo el bot parado desde ayer. Por favor revocad la clave y revisad la actividad.",
)
R(
    "es",
    "w",
    "UT",
    "h",
    "",
    "Deposité unos tokens LOOKS (no están listados aquí) en mi dirección de depósito de Ethereum. Hash {ET}. ¿Se puede recuperar?",
)
R(
    "es",
    "e",
    "TN",
    "n",
    "",
    "Buenas, mi orden stop-limit de venta de ETH se activó pero no se ejecutó y el precio siguió bajando. Perdí bastante. Quiero saber por qué no se llenó.",
)
R(
    "pt",
    "e",
    "AH",
    "u",
    "D",
    "Socorro!! Recebi e-mail de 'login de novo dispositivo' da Rússia e em seguida um saque de 0,6 BTC para {BA}. NÃO fui eu. Por favor bloqueiem minha conta agora, é tudo que eu tenho!!!",
)
R(
    "pt",
    "w",
    "TN",
    "n",
    "",
    "A conversão de BRL para USDT entregou menos do que a cotação mostrada na tela. Cotei 1.000 USDT e recebi 981.",
)
R(
    "fr",
    "e",
    "AK",
    "n",
    "",
    "Bonjour, j'ai collé par erreur ma clé API (lecture seule) dans un ticket GitHub public. Merci de la révoquer et de vérifier qu'elle n'a pas été utilisée.",
)
R(
    "fr",
    "e",
    "UT",
    "h",
    "",
    "Bonjour, j'ai envoyé des « USDT » sur Ethereum mais je viens de voir que le contrat n'est pas celui de Tether, c'est un autre jeton. Tx {ET}. Pouvez-vous le récupérer ou le renvoyer à {EA} ?",
)
R(
    "fr",
    "c",
    "TN",
    "h",
    "D",
    "J'AI ACHETÉ POUR 3000 USDT DE SOL, L'ARGENT EST PARTI ET J'AI RIEN !!! l'ordre n'apparaît nulle part, je deviens fou",
)
R(
    "de",
    "e",
    "BR",
    "h",
    "",
    "Hallo, ich habe über eure Bridge 2.500 USDT von BSC nach Tron geschickt. Quelle-Tx {ET}, Status seit 5 Stunden 'in Bearbeitung'. Wo ist das Geld?",
)
R(
    "de",
    "e",
    "SI",
    "n",
    "",
    "Hallo, mich hat gestern jemand auf Instagram angeschrieben, angeblich 'Cryptodesk Kundendienst', mit dem Angebot, mein Konto zu 'verifizieren'. Ich habe nicht geantwortet und ihn blockiert. Das Profil heißt cryptodesk.help.center – bitte melden.",
)
R(
    "it",
    "e",
    "ML",
    "n",
    "",
    "Buongiorno, la mia posizione short su BTC è stata chiusa per ADL (auto-deleveraging) mentre ero in profitto. Non ho mai accettato questo rischio in modo chiaro. Chiedo spiegazioni e un rimborso.",
)
R(
    "it",
    "e",
    "PH",
    "u",
    "DS",
    "Ho appena inserito email, password e il codice dell'app di autenticazione su un sito che credevo fosse il vostro (link da un SMS). Ora ho paura, nel conto ho 20.000 euro in crypto. Cosa devo fare??",
)
R(
    "nl",
    "e",
    "TN",
    "n",
    "",
    "Beste, mijn trailing stop is niet getriggerd terwijl de koers ruim 5% daalde. Kunnen jullie nagaan wat er misging met die order?",
)
R(
    "nl",
    "w",
    "UT",
    "h",
    "",
    "Ik heb per ongeluk SHIB gestort via de Solana keten (wrapped versie) naar mijn SOL adres {SA}. Signature {ST}. Niet bijgeschreven.",
)
R(
    "pl",
    "e",
    "AH",
    "u",
    "D",
    "Ktoś zmienił mi hasło i e-mail na koncie!!! Dostałem tylko powiadomienie, a potem wypłatę ETH na {EA}. Proszę natychmiast zablokować konto, to wszystkie moje pieniądze 😭",
)
R(
    "pl",
    "e",
    "ML",
    "n",
    "",
    "Dzień dobry, moja pozycja została zlikwidowana mimo że cena znaku nigdy nie dotknęła ceny likwidacji widocznej w aplikacji. Proszę o analizę.",
)
R(
    "uk",
    "e",
    "BR",
    "h",
    "",
    "Доброго дня. Переказ через міст з Ethereum в Arbitrum завис на 'обробці' вже 8 годин. Кошти списано. Хеш: {ET}",
)
R(
    "uk",
    "e",
    "PH",
    "n",
    "",
    "Отримав лист нібито від Cryptodesk з посиланням на 'оновлення KYC'. Адреса відправника дивна. Нічого не вводив, пересилаю вам.",
)
R(
    "ru",
    "e",
    "AK",
    "u",
    "",
    "Добрый день. С моего API-ключа прямо сейчас идут сделки, которые я не делаю, и была попытка вывода на {TA}. Ключ создан для бота. Срочно отзовите все ключи.",
)
R(
    "ru",
    "e",
    "UT",
    "h",
    "",
    "Здравствуйте, отправил на свой адрес депозита токен USDC.e с Arbitrum вместо обычного USDC. Хэш {ET}. Он не отображается. Можно его зачислить или вернуть?",
)
R(
    "tr",
    "e",
    "TN",
    "h",
    "",
    "Merhaba, limit alış emrim için 1.200 USDT bakiyemden düştü, emir iptal oldu ama para bakiyeye geri dönmedi. Lütfen kontrol edin.",
)
R(
    "tr",
    "e",
    "UT",
    "h",
    "",
    "Merhaba, listelemediğiniz bir tokeni Ethereum ağından ETH yatırma adresime gönderdim. İşlem {ET}. İade mümkün mü?",
)
R(
    "ar",
    "e",
    "AK",
    "n",
    "",
    "مرحباً، نشرت بالخطأ مفتاح API للقراءة فقط في لقطة شاشة على تويتر. أرجو إلغاءه والتأكد من أنه لم يُستخدم.",
)
R(
    "ar",
    "e",
    "AH",
    "u",
    "D",
    "ساعدوني!!! تم سحب كل رصيدي إلى العنوان {BA} ولم أقم بذلك. تغيرت كلمة السر والبريد. أرجوكم جمدوا الحساب الآن 😭",
)
R("ar", "c", "TN", "n", "", "أمر وقف الخسارة لم يتنفذ رغم أن السعر نزل تحته")
R(
    "fa",
    "e",
    "BR",
    "h",
    "",
    "سلام. انتقال USDT از ترون به اتریوم از طریق بریج شما ۶ ساعته گیر کرده و مبلغ کسر شده. هش مبدا: {TT}",
)
R(
    "fa",
    "c",
    "PH",
    "u",
    "DS",
    "توی یه سایت که شبیه سایت شما بود رمزم رو وارد کردم 😰😰 الان فهمیدم تقلبی بوده، چیکار کنم؟",
)
R(
    "hi",
    "e",
    "AK",
    "u",
    "D",
    "Mera API key kisi ne chura liya hai, abhi abhi mere account se trades ho rahe hain jo maine nahi kiye!!! Please turant sab keys band karo 🙏",
)
R(
    "hi",
    "e",
    "UT",
    "h",
    "",
    "Namaste, maine apne ETH deposit address pe ek aisa token bheja jo listed nahi hai. Tx hash {ET}. Kya ye wapas mil sakta hai?",
)
R(
    "hi",
    "w",
    "PH",
    "n",
    "",
    "Mujhe WhatsApp par ek message aaya 'Cryptodesk account suspend hoga' aur ek link. Maine click nahi kiya, report kar raha hoon.",
)
R(
    "id",
    "e",
    "ML",
    "n",
    "",
    "Halo, posisi long BTC saya kena likuidasi padahal harga tidak pernah menyentuh harga likuidasi yang tertera. Mohon ditinjau ulang.",
)
R(
    "id",
    "e",
    "UT",
    "h",
    "",
    "Saya mengirim token USDC.e (bridged) dari Polygon ke alamat deposit saya {EA}. Sudah 1 hari tidak masuk. Tx {ET}",
)
R(
    "vi",
    "e",
    "AK",
    "n",
    "",
    "Chào team, tôi lỡ đăng API key chỉ đọc lên một nhóm Telegram. Nhờ thu hồi và kiểm tra giúp xem có ai dùng chưa.",
)
R(
    "vi",
    "e",
    "TN",
    "n",
    "",
    "Lệnh chuyển đổi USDT sang BTC báo giá 0,0152 BTC nhưng tôi chỉ nhận được 0,0147 BTC. Mong được giải thích.",
)
R("th", "e", "UT", "h", "", "สวัสดีค่ะ ฝากโทเคนที่ไม่ได้ลิสต์บนกระดานเข้าที่อยู่ฝาก ETH ค่ะ tx {ET} มีวิธีคืนไหมคะ")
R("th", "e", "ML", "n", "", "ตำแหน่ง futures ถูกบังคับปิด (liquidate) ทั้งที่ราคายังไม่ถึงราคาชำระบัญชี ขอให้ตรวจสอบครับ")
R(
    "zh",
    "e",
    "TN",
    "h",
    "",
    "您好，我下了市价买单，账户扣了 5,000 USDT，但订单显示已取消，币也没到，钱也没退回。请尽快处理。",
)
R(
    "zh",
    "e",
    "UT",
    "h",
    "",
    "您好，我误把一个你们没有上线的代币转到了我的 BSC 充值地址 {EA}，交易哈希 {ET}，请问能找回吗？",
)
R(
    "ja",
    "e",
    "ML",
    "n",
    "",
    "先物ポジションが清算されましたが、表示されていた清算価格に一度も到達していません。マーク価格の検証をお願いします。",
)
R(
    "ja",
    "e",
    "BR",
    "h",
    "D",
    "ブリッジでUSDC 800をSolanaからEthereumに送りましたが、半日経っても届きません！！本当に困っています、助けてください。署名 {ST}",
)
R(
    "ko",
    "e",
    "AK",
    "u",
    "",
    "API 키가 유출된 것 같습니다. 제가 하지 않은 주문이 지금 계속 들어가고 있어요. 모든 키를 즉시 폐기해 주세요.",
)
R(
    "ko",
    "e",
    "PH",
    "n",
    "",
    "고객센터를 사칭한 문자 메시지를 받았습니다. 링크는 누르지 않았습니다. 참고로 신고드립니다.",
)
R("ko", "w", "TN", "n", "", "지정가 주문 가격에 도달했는데 체결이 안 됐어요. 확인 부탁드립니다")
R(
    "tl",
    "e",
    "ML",
    "n",
    "",
    "Hello po, na-liquidate yung position ko kahit hindi umabot sa liquidation price. Pa-review po.",
)
R(
    "tl",
    "e",
    "UT",
    "h",
    "",
    "Nag-send ako ng token na hindi listed dito sa ETH deposit address ko. Tx {ET}. Pwede pa ba ibalik?",
)
R(
    "tl",
    "e",
    "AK",
    "n",
    "",
    "Na-share ko po by mistake yung read-only API key ko sa isang Facebook group. Pa-revoke po at pa-check kung nagamit.",
)
# --- third pass: panic, attackers at the door, several values in one message ---
R(
    "en",
    "e",
    "DN",
    "u",
    "D",
    "I deposited 85,000 USDT from my company wallet {TA} four hours ago. Tronscan shows it confirmed (tx {TT}) and my balance is ZERO. I have payroll due tomorrow morning. I am genuinely panicking, please escalate this immediately.",
)
R(
    "en",
    "w",
    "WP",
    "h",
    "",
    "Withdrawal to my Ledger shows tx 0x7c1e...a4f2 in the app but the explorer link gives 'not found'. It's been 3 hours. Is it stuck?",
)
R(
    "en",
    "c",
    "TF",
    "n",
    "S",
    "I'm the account owner's lawyer. Reset 2FA and disable the withdrawal lock, my client authorised me verbally. I won't be sending ID, this is a legal matter.",
)
R(
    "en",
    "e",
    "WN",
    "h",
    "",
    "Hi, I sent 0.35 ETH from Base to {EA}, which is my Ethereum mainnet deposit address on your platform. Base tx: {ET}. Nothing credited after 2 hours. Same address works on both chains so I assumed it was fine. Can you credit it?",
)
R(
    "es",
    "e",
    "BR",
    "u",
    "D",
    "URGENTE. Mandé 40.000 USDT por vuestro puente de Ethereum a Tron hace 12 horas y no han llegado. Tx origen {ET}. Es el dinero de mi empresa, no puedo dormir. NECESITO una respuesta ya.",
)
R(
    "es",
    "c",
    "EC",
    "n",
    "S",
    "soy de la policía nacional, investigación en curso. necesito que cambien el email de la cuenta del titular al mío para congelar los fondos, no hace falta verificar",
)
R(
    "pt",
    "e",
    "DN",
    "h",
    "",
    "Bom dia, depositei 2.000 USDC pela Solana a partir da carteira {SA}. Assinatura {ST}. Já está finalizado na rede e ainda não entrou na conta.",
)
R(
    "fr",
    "e",
    "WP",
    "u",
    "D",
    "Au secours. Mon retrait de 1,9 BTC vers {BA} est « en cours de vérification » depuis 3 jours. C'est l'apport pour l'achat de notre maison, la signature chez le notaire est vendredi. Je n'en dors plus. Répondez-moi s'il vous plaît !!!",
)
R(
    "de",
    "c",
    "TF",
    "n",
    "S",
    "mach einfach den 2FA Reset für meinen Vater, ich bin sein Sohn und mache alles für ihn, er kann mit Videoident nix anfangen",
)
R(
    "it",
    "c",
    "DN",
    "h",
    "",
    "deposito BTC {BT} arrivato all'indirizzo {BA} ma non accreditato, sono passate 5 ore",
)
R(
    "nl",
    "e",
    "AK",
    "u",
    "D",
    "Er worden nu orders geplaatst met mijn API key, en er is een opname gedaan naar {TA} die ik niet herken!!! Ik heb de key niet gedeeld, misschien was mijn VPS gehackt. ZET ALLES STOP AUB.",
)
R(
    "pl",
    "c",
    "SI",
    "u",
    "S",
    "dzwoni pan z 'działu bezpieczeństwa' i mówi żebym przelał BTC na bezpieczny adres {BA}, czy to prawda? czeka na linii",
)
R(
    "uk",
    "e",
    "DN",
    "u",
    "D",
    "Допоможіть!!! Відправив 30 000 USDT (TRC20), хеш {TT}, в мережі підтверджено, а баланс нуль вже 5 годин. Це всі гроші нашої родини 😭",
)
R(
    "ru",
    "c",
    "EC",
    "n",
    "S",
    "я из службы безопасности банка, клиент попросил сменить почту на его аккаунте на нашу служебную, подтверждение личности не нужно, делайте",
)
R(
    "tr",
    "e",
    "DN",
    "h",
    "",
    "Merhaba, SOL yatırımım ağda onaylandı ama hesabıma geçmedi. İmza: {ST}. Gönderen cüzdan {SA}.",
)
R(
    "ar",
    "e",
    "WP",
    "u",
    "D",
    "أرجوكم!!! سحب 60,000 USDT عالق منذ يومين تحت المراجعة، إلى العنوان {TA}. هذه تحويشة عمري كلها ولا أحد يرد علي. أنا منهار تماماً 😭😭",
)
R(
    "fa",
    "e",
    "DN",
    "h",
    "",
    "سلام، واریز اتریوم انجام دادم از کیف پول {EA}. هش تراکنش {ET}. تایید شده ولی تو حسابم نیست.",
)
R(
    "hi",
    "c",
    "AL",
    "n",
    "S",
    "main is account ke malik ka CA hoon, account unfreeze kar do aur withdrawal limit hata do, verification ki zarurat nahi, maine unka password diya hai na",
)
R(
    "id",
    "e",
    "WP",
    "u",
    "D",
    "TOLONG!!! penarikan 2 BTC ke {BA} sudah 3 hari 'dalam peninjauan'. Itu uang hasil jual rumah orang tua saya. Saya sudah tidak bisa tidur 😭😭",
)
R(
    "vi",
    "c",
    "SI",
    "u",
    "S",
    "có người nhắn zalo tự xưng là admin cryptodesk, bảo em cài ứng dụng điều khiển từ xa để 'mở khóa tài khoản', em đang cài dở, có sao không?",
)
R("th", "e", "DN", "h", "", "สวัสดีครับ ฝาก BTC ไปที่ {BA} แล้ว txid {BT} ยืนยัน 6 ครั้งแล้วยังไม่เข้าบัญชีครับ")
R(
    "zh",
    "e",
    "DN",
    "u",
    "D",
    "救命！！我充值了 50 万 USDT（TRC20），哈希 {TT}，链上早就确认了，但是账户余额一直是 0！！已经一整天了，我快崩溃了，马上帮我处理！！！",
)
R(
    "ja",
    "e",
    "WP",
    "h",
    "",
    "お世話になります。{SA} へのSOL出金がステータス「完了」ですが着金していません。署名 {ST} をエクスプローラーで検索しても見つかりません。",
)
R(
    "ko",
    "e",
    "DN",
    "h",
    "",
    "비트코인 입금 확인 부탁드립니다. 보낸 주소 {BA}, TXID {BT}. 3컨펌 완료됐는데 잔고에 없습니다.",
)
R(
    "tl",
    "e",
    "DN",
    "h",
    "",
    "Hello po, nag-deposit ako ng SOL galing sa wallet {SA}, signature {ST}. Confirmed na pero wala pa sa balance ko.",
)
R(
    "en",
    "c",
    "PD",
    "h",
    "",
    "seller marked my p2p order as 'payment not received' and cancelled, but my bank shows the 600 EUR sent. the usdt went back to her. what now",
)
R(
    "en",
    "e",
    "KY",
    "n",
    "D",
    "This is the FIFTH time my verification has been rejected with no reason. I've sent my passport, driving licence, utility bill, a bank statement. My funds are stuck behind this and I'm at the end of my rope. I'm begging you, just have a human look at it.",
)
R(
    "en",
    "w",
    "AL",
    "n",
    "",
    "Account says 'restricted due to compliance review'. No email explaining why. I just want to know what documents you need.",
)

# --- fourth pass: look-alikes (locked or hacked, leaked key or takeover, mixed languages) ---
R(
    "en",
    "c",
    "AL",
    "n",
    "",
    "cant log in, it says 'account temporarily locked'. did someone hack me?? balance looked fine yesterday and I got no emails about changes",
)
R(
    "en",
    "e",
    "AH",
    "u",
    "",
    "I first thought only my API key had leaked, so I deleted it. But I've now also got an email confirming a new withdrawal address was whitelisted and my login email was changed. That wasn't me. Please freeze the account.",
)
R(
    "en",
    "c",
    "WP",
    "h",
    "",
    "is there a withdrawal delay for new addresses? added a new wallet today and my ETH withdrawal to {EA} is stuck on 'pending' for 4 hours",
)
R(
    "en",
    "w",
    "DN",
    "h",
    "",
    "Deposit shows 'confirming 12/64' for 3 hours and isn't moving. ETH tx {ET}. Etherscan has it finalized long ago.",
)
R(
    "es",
    "c",
    "WP",
    "h",
    "",
    "hola, my withdrawal de USDT está stuck desde ayer, dice 'processing' y nada 🙄 la address es {TA}",
)
R(
    "pt",
    "c",
    "AL",
    "n",
    "",
    "tentei logar várias vezes e agora diz conta bloqueada por 2 horas. alguém tentou entrar? não recebi nenhum email de mudança",
)
R(
    "de",
    "c",
    "PH",
    "n",
    "",
    "hab grad ne mail bekommen 'ihr konto wird gesperrt', absender sieht komisch aus. link nicht geklickt. gehört das zu euch?",
)
R(
    "hi",
    "c",
    "DN",
    "h",
    "",
    "bhai maine BTC bheja tha {BA} pe, 2 confirmation ho gaye par balance me nahi dikh raha, txid {BT}",
)
R(
    "id",
    "c",
    "PD",
    "h",
    "",
    "seller P2P udah aku transfer via DANA tapi dia bilang belum masuk terus order di-cancel, USDT balik ke dia. aku udah appeal",
)
R(
    "tl",
    "e",
    "WP",
    "h",
    "F",
    "Hi, nag-withdraw po ako ng PHP 15,000 papunta sa bank account ko 2 days ago, status 'processing' pa rin. Wala pa sa bangko.",
)
R("ko", "c", "TF", "n", "", "2단계 인증 초기화 신청한 지 일주일 됐는데 진행 상황 알 수 있을까요?")
R(
    "uk",
    "e",
    "SI",
    "n",
    "",
    "Добрий день. У вайбері мені написав 'менеджер Cryptodesk' з пропозицією 'перевірити гаманець'. Я не відповідав і заблокував його. Повідомляю, щоб ви знали.",
)
R(
    "ja",
    "c",
    "TN",
    "h",
    "",
    "成行買いでUSDTが引かれたのに注文はキャンセル扱い、コインも入ってないし残高も戻ってません",
)
R("ar", "c", "EC", "n", "", "طلبت تغيير الإيميل من 9 أيام وما زال قيد المراجعة")

REQUIRED_KEYS = (
    "id",
    "text",
    "language",
    "channel",
    "intent",
    "team",
    "priority",
    "distress",
    "social_engineering_risk",
    "tier0_may_answer",
    "mentions",
)


def check(rows: list[dict[str, object]]) -> list[str]:
    """The set's own invariants; returns the problems found (none expected)."""
    from collections import Counter

    from assistant.taxonomy import MENTION_KINDS, PRIORITIES, SPECIALTIES

    problems: list[str] = []
    ids = Counter(str(r["id"]) for r in rows)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    texts = Counter(str(r["text"]) for r in rows)
    problems += [f"duplicate text {t[:40]!r}" for t, n in texts.items() if n > 1]
    intents = set(INTENTS.values())
    for r in rows:
        rid = r["id"]
        if tuple(r) != REQUIRED_KEYS:
            problems.append(f"{rid}: keys {tuple(r)}")
        if r["language"] not in LANGUAGES:
            problems.append(f"{rid}: language {r['language']}")
        if r["channel"] not in CHANNELS.values():
            problems.append(f"{rid}: channel")
        if r["intent"] not in intents:
            problems.append(f"{rid}: intent")
        if r["team"] not in SPECIALTIES or r["priority"] not in PRIORITIES:
            problems.append(f"{rid}: team/priority")
        if r["social_engineering_risk"] and r["team"] != "account_security":
            problems.append(f"{rid}: social engineering not with account_security")
        if r["tier0_may_answer"] is not False:
            problems.append(f"{rid}: tier0_may_answer")
        text = str(r["text"])
        pos = 0
        for m in r["mentions"]:  # type: ignore[attr-defined]
            if m["kind"] not in MENTION_KINDS:
                problems.append(f"{rid}: kind {m['kind']}")
            at = text.find(m["value"], pos)
            if at < 0:
                problems.append(f"{rid}: mention not in text, or out of order")
            pos = at + len(m["value"])
        if "{" in text and PLACEHOLDER.search(text):
            problems.append(f"{rid}: unfilled placeholder")
    return problems


def table(rows: list[dict[str, object]]) -> str:
    from collections import Counter

    def block(title: str, key: str) -> list[str]:
        counts = Counter(str(r[key]) for r in rows)
        return [title] + [f"  {k:<30} {v:>4}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])]

    lines = [f"messages {len(rows)}"]
    lines += block("language", "language") + block("intent", "intent") + block("team", "team")
    lines += block("priority", "priority") + block("channel", "channel")
    for flag in ("distress", "social_engineering_risk"):
        lines.append(f"{flag} true {sum(1 for r in rows if r[flag])}")
        per = Counter(str(r["language"]) for r in rows if r[flag])
        lines.append("  by language: " + " ".join(f"{k}:{v}" for k, v in sorted(per.items())))
    with_m = sum(1 for r in rows if r["mentions"])
    kinds = Counter(m["kind"] for r in rows for m in r["mentions"])  # type: ignore[attr-defined]
    lines.append(
        f"with mentions {with_m} ({with_m / len(rows):.0%}); "
        + ", ".join(f"{k}:{v}" for k, v in sorted(kinds.items()))
    )
    return "\n".join(lines)


PLACEHOLDER = re.compile(r"\{(ET|EA|BT|BA|TT|TA|ST|SA)\}")
KINDS = {
    "ET": "eth_tx",
    "EA": "eth_address",
    "BT": "btc_tx",
    "BA": "btc_address",
    "TT": "tron_tx",
    "TA": "tron_address",
    "ST": "sol_tx",
    "SA": "sol_address",
}


def _value(values: Values, code: str) -> str:
    if code == "ET":
        return values.evm_tx()
    if code == "EA":
        return values.evm_addr()
    if code in ("BT", "TT"):
        return values.hex_tx()
    if code == "BA":
        return values.rng.choice([values.btc_p2pkh, values.btc_p2sh, values.btc_wpkh, values.btc_tr])()
    if code == "TA":
        return values.tron_addr()
    if code == "ST":
        return values.sol_sig()
    return values.sol_addr()


def build() -> list[dict[str, object]]:
    values = Values(4207)
    order = list(range(len(M)))
    random.Random(4207).shuffle(order)
    rows: list[dict[str, object]] = []
    for n, i in enumerate(order, start=1):
        lang, ch, code, pr, flags, template = M[i]
        intent = INTENTS[code]
        team = TAXONOMY[intent].team
        mentions: list[dict[str, str]] = []

        def fill(match: re.Match[str], mentions: list[dict[str, str]] = mentions) -> str:
            value = _value(values, match.group(1))
            mentions.append({"kind": KINDS[match.group(1)], "value": value})
            return value

        text = PLACEHOLDER.sub(fill, template)
        se = "S" in flags
        if se:
            team = "account_security"
        elif "F" in flags:
            team = "payments_fiat"
        rows.append(
            {
                "id": f"b-{n:04d}",
                "text": text,
                "language": lang,
                "channel": CHANNELS[ch],
                "intent": intent,
                "team": team,
                "priority": PRIORITIES[pr],
                "distress": "D" in flags,
                "social_engineering_risk": se,
                "tier0_may_answer": False,
                "mentions": mentions,
            }
        )
    return rows


def main() -> None:
    out = Path(__file__).resolve().parent / "eval_b.jsonl"
    rows = build()
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} messages -> {out}")
    print(table(rows))
    problems = check(rows)
    for problem in problems:
        print("PROBLEM", problem)
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
