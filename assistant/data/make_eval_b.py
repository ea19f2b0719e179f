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

from triage.data.make_values import Values  # noqa: E402

INTENTS = {
    "WP": ("withdrawal_pending", "wallets_onchain"),
    "DN": ("deposit_not_credited", "wallets_onchain"),
    "WN": ("deposit_wrong_network", "wallets_onchain"),
    "UT": ("unsupported_token_deposit", "wallets_onchain"),
    "MM": ("missing_memo_tag", "wallets_onchain"),
    "BR": ("bridge_transfer_failed", "wallets_onchain"),
    "KY": ("kyc_rejected_or_loop", "kyc_verification"),
    "AL": ("account_locked", "account_security"),
    "TF": ("twofa_reset_request", "account_security"),
    "EC": ("email_change_request", "account_security"),
    "CP": ("card_payment_failed", "payments_fiat"),
    "PD": ("p2p_dispute", "p2p"),
    "ML": ("margin_liquidation_complaint", "trading"),
    "TN": ("trade_not_executed", "trading"),
    "AK": ("api_key_compromised", "api"),
    "AH": ("account_hacked", "account_security"),
    "PH": ("phishing_report", "account_security"),
    "SI": ("support_impersonation", "account_security"),
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
R("en", "e", "WP", "h", "", "Hello,\n\nI withdrew 0.42 BTC to {BA} this morning. The app says 'Completed' and gives tx {BT} but my wallet shows nothing and the explorer says not found. Can you check what is going on?\n\nThanks, Martin")
R("en", "c", "WP", "u", "D", "PLEASE HELP my 48,000 USDT withdrawal has been stuck 'under review' since yesterday, that is ALL my savings, i cant sleep, what is happening???? 😭😭")
R("en", "w", "WP", "h", "F", "Bank withdrawal of 2,300 GBP requested on Monday via Faster Payments, status still processing. My bank has nothing. Reference in app: WD-88121.")
R("en", "c", "WP", "h", "", "withdrawal got cancelled by itself and the 900 usdc never came back to my balance??")
R("en", "e", "DN", "h", "", "Hi team, I sent 1,250 USDT (TRC20) to my deposit address from another exchange. TXID {TT}, it has 60+ confirmations on Tronscan but my balance is still 0. Please credit it.")
R("en", "c", "DN", "h", "", "deposited eth 2 hrs ago, etherscan says success, nothing in my account. tx {ET}")
R("en", "w", "DN", "h", "", "What's the normal time for a SOL deposit to arrive? Sent 14 SOL about 40 min ago, signature {ST}, still not showing")
R("en", "c", "WN", "h", "", "i think i messed up. sent USDT on BSC (BEP20) to my ERC20 deposit address. same 0x address so i thought it was fine. tx {ET}. can it be recovered?")
R("en", "e", "WN", "h", "D", "I sent 3,000 USDC over Arbitrum to the deposit address the app gave me for Ethereum and now it's just gone. This was money for my rent. Please tell me there is a way to get it back. Tx hash: {ET}")
R("en", "c", "UT", "h", "", "I deposited USDC.e from Polygon, the bridged one, and it never appeared. tx {ET}")
R("en", "w", "UT", "h", "", "Sent some PEPE2 tokens (contract not listed here I guess) to my ETH deposit address {EA}. Is there a way to retrieve them?")
R("en", "c", "MM", "h", "", "forgot the destination tag when sending XRP from Kraken, 500 XRP, not credited. what do you need from me")
R("en", "e", "MM", "h", "", "Dear Support,\nI withdrew 80 ATOM from Keplr to my account but put the memo in the wrong field (I used my user ID instead of the memo shown on the deposit page). The transfer is confirmed on Mintscan. How do I get it credited?\nRegards,\nS. Okafor")
R("en", "c", "BR", "h", "", "used your bridge to move 2k USDT from Tron to Ethereum, debited from tron side 3 hours ago, nothing arrived on eth. source tx {TT}")
R("en", "w", "BR", "h", "", "Bridge transfer ETH -> Base shows 'failed' but the ETH left my balance. Tx on Ethereum: {ET}")
R("en", "c", "KY", "n", "", "my ID verification got rejected 3 times now 'document unreadable' but the photo is perfectly clear. what am i doing wrong")
R("en", "e", "KY", "n", "", "Subject: Verification pending for 19 days\n\nMy Level 2 verification has been 'under review' since the 2nd. The help center says 48 hours. Nobody answers. Can someone please look at my case?")
R("en", "w", "KY", "n", "", "The selfie step keeps looping. I take the picture, it loads, then it asks again. Tried 2 phones.")
R("en", "c", "AL", "n", "", "why is my account in withdraw-only mode?? I didn't do anything")
R("en", "e", "AL", "n", "", "Hello, after I changed my password yesterday my account shows 'Security hold – 24h'. It's been 30 hours. Can you lift it?")
R("en", "c", "AL", "n", "S", "my account is frozen and I need to withdraw today, just remove the hold, I don't have time for your verification questions, I'm the owner obviously")
R("en", "c", "TF", "n", "", "lost my phone with google authenticator, need 2fa reset pls")
R("en", "e", "TF", "n", "", "Hi, I submitted a 2FA reset request 5 days ago (selfie + ID) and haven't heard back. Could you tell me the status? Thanks")
R("en", "c", "TF", "n", "S", "hi i'm writing for my boss, he's travelling and lost his authenticator. can you reset the 2fa and send the new setup to this email? he can't do video verification right now")
R("en", "e", "EC", "n", "", "I no longer have access to my old Hotmail address which is registered on the account. How can I change the email to a new one? I can still log in with my password and 2FA.")
R("en", "w", "EC", "n", "", "Email change requested 10 days ago still says 'in review'.")
R("en", "e", "EC", "n", "S", "I need the email on account of my brother changed to mine today. He is abroad and cannot log in. I know his password but not the 2FA, please skip that part, it's urgent.")
R("en", "c", "CP", "h", "", "card charged 500 eur but no crypto in my account. bank shows it as completed")
R("en", "c", "CP", "n", "", "my visa keeps getting declined when i try to buy btc, bank says nothing is blocked")
R("en", "e", "CP", "h", "", "I was charged twice for the same purchase of 200 USD (two identical lines on my statement) but only got one amount of ETH. Please refund the duplicate.")
R("en", "c", "PD", "h", "", "p2p seller hasn't released my usdt, i paid 45 min ago and uploaded the receipt, order is about to expire")
R("en", "e", "PD", "h", "D", "The buyer on my P2P order sent a FAKE payment screenshot, there is NOTHING in my bank account and now he opened an appeal saying I'm scamming him!!! I'm shaking, this is 3,400 USDT, please freeze it.")
R("en", "w", "PD", "h", "", "Appeal on P2P order 7781203 opened 2 days ago, no one from the dispute team has replied yet. Funds still in escrow.")
R("en", "c", "ML", "n", "", "got liquidated on my BTC long but the price never touched my liq price on any chart. explain")
R("en", "e", "ML", "n", "", "My short position was auto-deleveraged last night even though I had enough margin. I want a review of this ADL and compensation.")
R("en", "c", "TN", "n", "", "my stop loss didn't trigger, price went right through it")
R("en", "c", "TN", "h", "", "placed a market buy for 1000 usdt, the usdt is gone from balance but order says cancelled and no coins")
R("en", "w", "TN", "n", "", "Convert quote said 0.5112 ETH, I received 0.4987. Why less than quoted?")
R("en", "c", "AK", "u", "", "someone is placing trades with my API key right now, i didn't do these!! how do i kill it")
R("en", "e", "AK", "n", "", "I accidentally pushed a read-only API key to a public GitHub repo. I've deleted the commit. Can you check if it was used and confirm it's revoked?")
R("en", "w", "AK", "u", "", "My trading bot server was compromised. The API key had withdrawals enabled and there is a withdrawal I don't recognise to {EA}. Please revoke all my keys.")
R("en", "c", "AH", "u", "D", "SOMEONE LOGGED INTO MY ACCOUNT AND WITHDREW EVERYTHING TO {BA}!!!! HELP")
R("en", "c", "AH", "u", "", "my phone suddenly has no signal and I got an email that my password was reset. I think its a sim swap. freeze my account")
R("en", "e", "AH", "u", "", "I received 'new device login' from Lagos. I've never been there. 2FA was changed too and I can't log in anymore.")
R("en", "c", "PH", "n", "", "got an sms saying my account is suspended with a link to cryptodesk-verify.co, is that you? didn't click")
R("en", "c", "PH", "u", "DS", "oh no i typed my password and the 2fa code into a site from an email that looked like yours. what do i do now please help")
R("en", "w", "PH", "n", "", "There's a Google ad at the top for 'Cryptodesk Login' that goes to a fake site. Reporting it.")
R("en", "c", "SI", "n", "", "there's a telegram account called 'Cryptodesk Support Official' messaging people in the group, fyi")
R("en", "c", "SI", "u", "S", "a support agent on telegram asked for my 2fa code to verify my account and I gave it. was that ok?")
R("en", "e", "SI", "u", "DS", "Someone called me saying they were from your security department and my account was under attack. They had me install AnyDesk and move my coins to a 'safe wallet' {EA}. I now realise this was a scam. I've lost 11,000 USDT. Please help me, I don't know what to do.")
R("en", "c", "SI", "u", "S", "the support guy on whatsapp says i need to send 0.1 btc to {BA} to unlock my account, is it legit? he's waiting")
# --- Spanish ---
R("es", "c", "WP", "h", "", "cuanto tarda un retiro normalmente? el mio lleva 8 horas en pendiente")
R("es", "e", "WP", "u", "D", "Buenas tardes, retiré 2,1 BTC a mi wallet {BA} hace dos días y sigue 'en revisión'. Es el dinero de la venta de mi piso, estoy desesperado, por favor ayúdenme YA. No me contesta nadie.")
R("es", "c", "DN", "h", "", "hice un depósito de 300 USDT por TRC20 y no me aparece, el hash es {TT}")
R("es", "w", "WN", "h", "", "Envié USDT por la red Polygon a mi dirección de depósito de Ethereum {EA}. ¿Se puede recuperar? Hash: {ET}")
R("es", "c", "MM", "h", "", "mande XLM sin memo 😩 son 1200 XLM, ya confirmados en la red")
R("es", "e", "KY", "n", "", "Hola, me rechazaron la verificación porque dicen que mi DNI está caducado, pero lo renové el mes pasado. He vuelto a subirlo y otra vez rechazado. ¿Qué hago?")
R("es", "c", "AL", "n", "", "me bloquearon la cuenta sin explicación, no puedo ni entrar")
R("es", "c", "TF", "n", "S", "necesito que me quiten el 2fa de la cuenta de mi papá, él no sabe usar esto, yo tengo su correo. no puedo mandar selfie de él")
R("es", "w", "EC", "n", "", "Ya no tengo acceso a mi correo antiguo de la universidad, ¿cómo cambio el email de la cuenta?")
R("es", "c", "CP", "h", "", "me cobraron 150€ con la tarjeta y no me llegó nada de cripto, en el banco sale cobrado")
R("es", "c", "PD", "h", "D", "EL VENDEDOR NO LIBERA LOS USDT!!! ya le pagué por transferencia hace 2 horas y ahora no contesta 😡😡 ayudaaa")
R("es", "e", "ML", "n", "", "Me liquidaron la posición en ETH perpetuo a un precio que no coincide con ningún gráfico. Quiero que revisen la liquidación y me devuelvan el margen.")
R("es", "c", "AH", "u", "D", "alguien entró en mi cuenta y cambiaron el correo!!! no puedo entrar, tengo todos mis ahorros ahí por favor")
R("es", "c", "SI", "u", "S", "un tal 'agente de soporte' me escribió por instagram y me pide el código que me llegó por SMS para 'verificar mi cuenta'. se lo doy?")
R("es", "w", "PH", "n", "", "Me llegó un correo de 'Cryptodesk Seguridad' desde una dirección rara con un enlace para validar mi cuenta. No hice clic. Lo reporto.")
R("es", "c", "TN", "h", "", "puse una orden limite de compra, se descontó el saldo y la orden desapareció sin ejecutarse. dónde están mis 800 usdt?")
# --- Portuguese ---
R("pt", "c", "WP", "h", "F", "fiz um saque via Pix ontem de R$ 3.000 e até agora nada na minha conta do banco, status processando")
R("pt", "e", "WP", "h", "", "Olá, meu saque de SOL aparece como concluído, assinatura {ST}, mas a carteira de destino {SA} não recebeu nada. Podem verificar?")
R("pt", "c", "DN", "h", "", "depositei BTC faz 5 horas, já tem 4 confirmações e não caiu no saldo. txid {BT}")
R("pt", "c", "WN", "h", "D", "mandei USDT pela rede TRON pro endereço de depósito da rede BSC 😭😭 era tudo que eu tinha, tem como recuperar??")
R("pt", "w", "UT", "h", "", "Depositei um token que não é listado aqui (uma memecoin na Base) no meu endereço de depósito. Hash {ET}. Dá para devolver?")
R("pt", "c", "BR", "h", "", "ponte de USDC de Solana para Ethereum travou, saiu da minha conta há 6 horas e não chegou")
R("pt", "e", "KY", "n", "", "Minha verificação está em análise há 3 semanas. Já mandei o documento duas vezes. Isso é normal? Preciso operar.")
R("pt", "c", "AL", "n", "", "minha conta tá restrita, aparece 'somente saque'. por quê?")
R("pt", "c", "TF", "n", "", "troquei de celular e perdi o autenticador, como faço pra resetar o 2FA?")
R("pt", "e", "EC", "n", "S", "Boa tarde. Sou advogado do titular da conta, que está internado. Preciso que alterem o e-mail cadastrado para o meu escritório e me enviem o acesso. Não temos como fazer a verificação facial agora.")
R("pt", "c", "CP", "h", "", "o Pix saiu da minha conta mas a compra de USDT não foi creditada, já faz 1 hora")
R("pt", "c", "PD", "h", "", "comprador abriu disputa dizendo que pagou mas não caiu nada na minha conta, o que faço? pedido P2P 55102")
R("pt", "w", "AK", "n", "", "Vazei sem querer uma chave de API só de leitura num print que postei no Discord. Já apaguei. Podem revogar e ver se foi usada?")
R("pt", "c", "SI", "u", "DS", "um cara do 'suporte' me ligou e eu passei o código do google authenticator pra ele... agora tô com medo, o que eu faço??")
R("pt", "c", "PH", "n", "", "recebi SMS dizendo que minha conta vai ser bloqueada e um link estranho. é golpe né?")
R("pt", "e", "ML", "n", "", "Fui liquidado no futuros de SOL durante um pavio de 2 segundos que só aconteceu na corretora de vocês. Quero contestar.")
# --- French ---
R("fr", "c", "WP", "h", "", "Bonjour, mon retrait de 0,8 ETH est en attente depuis ce matin, c'est normal ? tx pas encore générée")
R("fr", "e", "WP", "h", "F", "Bonjour,\nJ'ai demandé un retrait SEPA de 1 500 € il y a 4 jours ouvrés. Statut « traité » dans l'app mais rien sur mon compte bancaire. Pouvez-vous me fournir une preuve de virement ?\nCordialement, C. Morel")
R("fr", "c", "DN", "h", "", "dépôt de USDC sur Solana pas crédité, signature {ST}")
R("fr", "w", "WN", "h", "", "J'ai envoyé des ETH via le réseau Optimism sur mon adresse de dépôt Ethereum. Hash {ET}. Ils ne sont pas crédités.")
R("fr", "c", "MM", "h", "", "envoyé des TON sans le mémo... 340 TON. vous pouvez les retrouver ?")
R("fr", "e", "BR", "h", "D", "Votre bridge a pris mes 5 000 USDT sur Ethereum il y a DEUX JOURS et rien n'est arrivé sur Tron. Je suis à bout, c'est inacceptable, j'ai besoin de cet argent. Tx source : {ET}")
R("fr", "c", "KY", "n", "", "ma vérif d'identité boucle, on me redemande le justificatif de domicile à chaque fois")
R("fr", "c", "AL", "n", "", "compte gelé après un dépôt, pourquoi ?? je peux rien retirer")
R("fr", "w", "TF", "n", "", "Demande de réinitialisation 2FA envoyée il y a une semaine, toujours aucune réponse. Mon identifiant : nicolas.b")
R("fr", "c", "EC", "n", "", "je dois changer l'adresse mail du compte, l'ancienne a été supprimée par mon employeur")
R("fr", "c", "CP", "n", "", "ma carte est refusée à chaque achat, code erreur 05")
R("fr", "e", "ML", "n", "", "Ma position longue BTC a été liquidée alors que le prix de liquidation affiché était 58 200 et que le prix n'est jamais descendu sous 58 900. J'exige une explication.")
R("fr", "c", "AH", "u", "", "quelqu'un a retiré mes USDT vers {TA}, ce n'est pas moi !! bloquez le compte svp")
R("fr", "c", "SI", "u", "S", "une personne qui dit être du service sécurité me demande d'installer TeamViewer pour sécuriser mon compte, elle est encore au téléphone, c'est normal ?")
R("fr", "w", "SI", "n", "", "Un faux compte « Cryptodesk Assistance » répond aux gens sous vos posts X. Je le signale.")
R("fr", "c", "PH", "u", "S", "j'ai mis mon mot de passe sur un site qui ressemblait au vôtre après un mail, je viens de m'en rendre compte")
# --- German ---
R("de", "c", "WP", "h", "", "wie lange dauert eine auszahlung? meine hängt seit gestern abend auf 'wird bearbeitet'")
R("de", "e", "WP", "h", "", "Guten Tag,\nmeine USDT-Auszahlung (TRC20) an {TA} wird als abgeschlossen angezeigt, TxID {TT}, aber auf der Zieladresse ist nichts angekommen. Bitte prüfen.\nMfG")
R("de", "c", "DN", "h", "", "ETH Einzahlung seit 3 std nicht gutgeschrieben obwohl bestätigt. {ET}")
R("de", "w", "UT", "h", "", "Ich habe versehentlich USDC.e (bridged) über Arbitrum eingezahlt statt nativem USDC. Hash {ET}. Wird das unterstützt?")
R("de", "c", "MM", "h", "", "XRP ohne Destination Tag geschickt, 2.000 XRP, was jetzt?")
R("de", "e", "KY", "n", "", "Sehr geehrte Damen und Herren,\nmeine Verifizierung wurde abgelehnt mit der Begründung 'Dokument nicht akzeptiert'. Es handelt sich um einen gültigen deutschen Reisepass. Ich bitte um manuelle Prüfung.")
R("de", "c", "AL", "n", "", "Konto gesperrt nach zu vielen Login Versuchen, kann nicht mehr rein")
R("de", "c", "TF", "n", "", "Handy kaputt, Authenticator weg. 2FA Reset bitte")
R("de", "e", "EC", "n", "S", "Ich bin der Steuerberater von Herrn K. und kümmere mich um seine Konten. Bitte ändern Sie die hinterlegte E-Mail auf meine Kanzleiadresse. Herr K. ist nicht erreichbar, eine Identifizierung per Video ist daher nicht möglich.")
R("de", "c", "CP", "h", "", "Karte wurde doppelt belastet für einen Kauf über 250€, bekommen hab ich nur einmal BTC")
R("de", "c", "PD", "h", "", "P2P Verkäufer gibt die USDT nicht frei obwohl ich überwiesen habe, Auftrag läuft in 10 min ab")
R("de", "w", "TN", "n", "", "Mein Take-Profit wurde nicht ausgelöst, obwohl der Kurs das Limit klar erreicht hat.")
R("de", "c", "AK", "u", "D", "HILFE mein API Key wird gerade benutzt, es werden Orders platziert die ich nicht mache!!! Bot ist aus!!")
R("de", "c", "AH", "u", "DS", "ein mitarbeiter von euch hat mich angerufen, ich hab ihm den SMS code gegeben und jetzt ist mein konto leer 😭 ALLES WEG")
R("de", "e", "PH", "n", "", "Ich habe eine SMS von 'Cryptodesk' erhalten mit einem Link zu cryptodesk-sicherheit.de. Ich habe nichts eingegeben. Nur zur Info.")
R("de", "c", "ML", "n", "", "wurde liquidiert obwohl ich isolierte margin hatte und nachgeschossen habe, wieso?")
# --- Italian ---
R("it", "c", "WP", "h", "", "il prelievo di 500 USDC è 'in elaborazione' da 10 ore, è normale??")
R("it", "e", "WP", "h", "", "Buongiorno, il mio prelievo di BTC risulta completato ma non è mai arrivato. Indirizzo di destinazione {BA}, txid {BT}. Sull'explorer non risulta. Grazie")
R("it", "c", "DN", "h", "D", "ho depositato 10.000 USDT e non li vedo!!! sono passate 4 ore, vi prego ditemi che non li ho persi 🙏🙏 hash {TT}")
R("it", "w", "WN", "h", "", "Ho inviato BNB sulla rete BEP20 all'indirizzo di deposito ERC20. È possibile il recupero? Tx {ET}")
R("it", "c", "UT", "h", "", "ho mandato un token che non avete in lista al mio indirizzo di deposito eth, si può riavere?")
R("it", "c", "BR", "h", "", "bridge da Polygon a Arbitrum bloccato da stamattina, i fondi sono stati scalati")
R("it", "e", "KY", "n", "", "Salve, la verifica dell'identità mi viene rifiutata per 'selfie non corrispondente'. Sono io, ho solo tagliato i capelli! Posso parlare con una persona?")
R("it", "c", "AL", "n", "S", "sbloccate il conto di mio marito, è all'estero e non può fare il video, vi do io i suoi dati, è urgente")
R("it", "c", "TF", "n", "", "non ricevo più i codici sms per il 2fa, ho cambiato numero. come faccio?")
R("it", "w", "EC", "n", "", "Richiesta cambio email inviata 8 giorni fa, ancora in revisione.")
R("it", "c", "CP", "n", "", "carta rifiutata quando compro crypto, la banca dice che è tutto ok")
R("it", "c", "PD", "h", "", "il venditore p2p dice che non ha ricevuto il bonifico ma io ho la ricevuta, ho aperto un appello, cosa succede ora?")
R("it", "e", "TN", "n", "", "Ho convertito 1.000 USDT in SOL, la quotazione diceva 7,12 SOL e ne ho ricevuti 6,95. Chiedo la differenza.")
R("it", "c", "AH", "u", "", "qualcuno ha cambiato la mia password e il 2fa, ho ricevuto le email ma non sono stato io. congelate tutto")
R("it", "c", "SI", "n", "", "c'è un finto account whatsapp con il vostro logo che scrive ai clienti, lo segnalo")
# --- Dutch ---
R("nl", "c", "WP", "h", "F", "mijn SEPA opname van 900 euro staat al 3 dagen op 'in behandeling', bij de bank niks")
R("nl", "e", "WP", "h", "", "Goedemiddag, mijn USDT opname naar {EA} is geannuleerd maar het saldo is niet teruggekomen op mijn account. Kunt u dit nakijken?")
R("nl", "c", "DN", "h", "", "btc storting {BT} al 6 confirmaties en nog steeds niet zichtbaar")
R("nl", "c", "WN", "h", "", "per ongeluk USDC via Base gestuurd naar mijn Ethereum stortingsadres, hash {ET}, kan dat terug?")
R("nl", "w", "MM", "h", "", "Ik heb XRP gestort met een verkeerde destination tag (typfout, 1 cijfer fout). Hoe krijg ik het bijgeschreven?")
R("nl", "c", "KY", "n", "", "verificatie staat al 2 weken op 'in afwachting'. hoe lang nog??")
R("nl", "e", "AL", "n", "", "Na het wijzigen van mijn telefoonnummer staat mijn account op 'opnames geblokkeerd 48 uur'. Dat is nu 4 dagen geleden. Graag opheffen.")
R("nl", "c", "TF", "n", "", "nieuwe telefoon, authenticator niet overgezet. 2fa reset aub")
R("nl", "c", "EC", "n", "S", "verander het e-mailadres van account jansen84 naar dit adres. ik ben zijn zoon, hij is overleden en ik moet erbij. ik heb geen documenten bij de hand")
R("nl", "c", "CP", "h", "", "iDEAL betaling van 400 euro is gelukt maar mijn aankoop is niet bijgeschreven")
R("nl", "c", "ML", "n", "D", "WAAROM BEN IK GELIQUIDEERD??? de prijs kwam NOOIT op mijn liquidatieprijs, ik ben 6000 euro kwijt, dit is diefstal 😡")
R("nl", "e", "AK", "n", "", "Ik heb een API key (alleen lezen) per ongeluk in een screenshot gedeeld. Wilt u hem intrekken en nagaan of er iets mee gedaan is?")
R("nl", "c", "AH", "u", "D", "HELP er is net ingelogd vanuit Rusland en mijn ETH is weg naar {EA}!!!")
R("nl", "c", "PH", "n", "", "is dit echt van jullie? mail dat mijn account geverifieerd moet worden via een link naar cryptodesk-nl.info")
R("nl", "c", "SI", "u", "S", "iemand van jullie 'fraudeafdeling' belt me en zegt dat ik mijn crypto naar een veilig adres moet sturen, {BA}. hij zegt dat het snel moet. klopt dit?")
# --- Polish ---
R("pl", "c", "WP", "h", "", "ile trwa wypłata? moja wisi od 7 godzin jako 'oczekuje'")
R("pl", "e", "WP", "u", "D", "Dzień dobry, od trzech dni moja wypłata 1,5 BTC jest wstrzymana 'w weryfikacji'. To wszystkie moje oszczędności, nie śpię od trzech nocy. PROSZĘ o pilny kontakt.")
R("pl", "c", "DN", "h", "", "wpłata USDT po TRC20 nie zaksięgowana, hash {TT}")
R("pl", "w", "WN", "h", "", "Wysłałem ETH przez sieć Arbitrum na adres depozytu w sieci Ethereum. Transakcja {ET}. Czy da się to odzyskać?")
R("pl", "c", "UT", "h", "", "wpłaciłem token którego nie macie na liście, kontrakt {EA}, co teraz?")
R("pl", "c", "MM", "h", "", "wysłałem ATOM bez memo, środki nie doszły")
R("pl", "e", "BR", "h", "", "Dzień dobry, transfer przez most z Ethereum na Solanę ma status 'nieudany', a 1 200 USDC zostało pobrane z mojego salda. Tx: {ET}")
R("pl", "c", "KY", "n", "", "weryfikacja odrzucona bo 'adres się nie zgadza', ale wysłałem rachunek za prąd z aktualnym adresem")
R("pl", "c", "AL", "n", "", "konto zablokowane, napisało 'podejrzana aktywność', nic nie robiłem")
R("pl", "c", "TF", "n", "S", "zresetujcie mi 2fa teraz, nie mam czasu na selfie i dokumenty, to moje konto i koniec")
R("pl", "c", "CP", "n", "", "karta odrzucona przy zakupie, próbowałem 3 razy")
R("pl", "w", "PD", "h", "", "Sprzedawca P2P anulował zamówienie po tym jak zapłaciłem przelewem 2 000 zł. Pieniądze poszły, USDT nie dostałem.")
R("pl", "c", "TN", "n", "", "zlecenie stop limit się nie wykonało mimo że cena przeszła przez poziom")
R("pl", "c", "SI", "u", "DS", "napisał do mnie 'konsultant' na telegramie i dałem mu kod z aplikacji 2FA 😰 co mam robić, proszę szybko")
R("pl", "e", "PH", "n", "", "Otrzymałem maila podszywającego się pod Cryptodesk z prośbą o 'ponowną weryfikację'. Nie klikałem. Przesyłam do wiadomości.")
# --- Ukrainian ---
R("uk", "c", "WP", "h", "", "виведення USDT висить в статусі 'очікує' вже 9 годин, що з ним?")
R("uk", "e", "WP", "h", "", "Добрий день. Виведення позначено як виконане, хеш {TT}, але на гаманець {TA} нічого не прийшло. Перевірте, будь ласка.")
R("uk", "c", "DN", "h", "", "депозит SOL не зарахований, підпис {ST}")
R("uk", "c", "WN", "h", "D", "я відправив USDT через мережу BSC на адресу для TRC20 😭 це були гроші на лікування мами, допоможіть будь ласка")
R("uk", "w", "MM", "h", "", "Надіслав TON без коментаря (memo). Сума 150 TON. Як отримати зарахування?")
R("uk", "c", "KY", "n", "", "верифікація постійно відхиляється, пише що паспорт не читається. у мене ID-картка, пробував 5 разів")
R("uk", "c", "AL", "n", "", "акаунт заблоковано, тільки виведення доступне. чому?")
R("uk", "e", "TF", "n", "", "Вітаю. Втратив телефон з Google Authenticator. Прошу скинути 2FA. Готовий пройти перевірку особи.")
R("uk", "c", "EC", "n", "", "потрібно змінити пошту в акаунті, стара скринька на mail.ru заблокована")
R("uk", "c", "CP", "h", "", "з картки списали 5000 грн, а USDT не прийшли")
R("uk", "c", "PD", "h", "", "продавець не відпускає USDT, я оплатив на монобанк годину тому, він не відповідає")
R("uk", "e", "ML", "n", "", "Мою позицію ліквідовано по ціні, якої не було на жодній іншій біржі. Прошу переглянути ліквідацію.")
R("uk", "c", "AH", "u", "", "хтось змінив мій номер телефону в акаунті і вивів кошти на {TA}. це не я!")
R("uk", "c", "SI", "u", "S", "мені пише в телеграмі 'служба безпеки cryptodesk' і просить seed фразу для перевірки гаманця, він каже інакше акаунт заблокують. давати?")
R("uk", "c", "AK", "u", "", "мій API ключ злили, хтось торгує з нього прямо зараз, відкличте!")

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
        intent, team = INTENTS[code]
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


if __name__ == "__main__":
    main()
