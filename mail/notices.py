# ruff: noqa: RUF001 - the texts are in their own scripts, on purpose
"""The words the helpdesk puts in email by itself, in the customer's language.

Kept as data rather than gettext catalogues so a notice is always complete in one language: a
language without its own text falls back to English as a whole, never half-translated.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NoticeText:
    marker: str
    ack_subject: str
    ack_body: str
    reference: str


# `{reference}` and `{subject}` are filled in; the marker must keep its `##-` and `-##` ends, which
# is how inbound mail finds where the customer's new text stops and the quoted history begins.
TEXTS: dict[str, NoticeText] = {
    "en": NoticeText(
        marker="##- Please type your reply above this line -##",
        ack_subject="We received your request [{reference}]: {subject}",
        ack_body=(
            "Thank you for contacting us. Your request has been received and has the reference "
            "{reference}. A member of our support team will reply as soon as possible.\n\n"
            "To add information, reply to this email and keep the reference in the subject.\n\n"
            "For your security: we will never ask for your password, your 2FA codes or your recovery "
            "phrase, and we will never ask you to send funds."
        ),
        reference="Ticket reference: {reference}",
    ),
    "es": NoticeText(
        marker="##- Escriba su respuesta encima de esta línea -##",
        ack_subject="Hemos recibido su solicitud [{reference}]: {subject}",
        ack_body=(
            "Gracias por contactarnos. Hemos recibido su solicitud con la referencia {reference}. "
            "Un miembro de nuestro equipo de soporte le responderá lo antes posible.\n\n"
            "Para añadir información, responda a este correo y mantenga la referencia en el asunto.\n\n"
            "Por su seguridad: nunca le pediremos su contraseña, sus códigos 2FA ni su frase de "
            "recuperación, y nunca le pediremos que envíe fondos."
        ),
        reference="Referencia del ticket: {reference}",
    ),
    "pt-br": NoticeText(
        marker="##- Digite sua resposta acima desta linha -##",
        ack_subject="Recebemos sua solicitação [{reference}]: {subject}",
        ack_body=(
            "Obrigado por entrar em contato. Recebemos sua solicitação com a referência {reference}. "
            "Um membro da nossa equipe de suporte responderá o mais rápido possível.\n\n"
            "Para acrescentar informações, responda a este e-mail mantendo a referência no assunto.\n\n"
            "Para sua segurança: nunca pediremos sua senha, seus códigos 2FA ou sua frase de "
            "recuperação, e nunca pediremos que você envie fundos."
        ),
        reference="Referência do ticket: {reference}",
    ),
    "fr": NoticeText(
        marker="##- Veuillez écrire votre réponse au-dessus de cette ligne -##",
        ack_subject="Nous avons bien reçu votre demande [{reference}] : {subject}",
        ack_body=(
            "Merci de nous avoir contactés. Votre demande a bien été reçue sous la référence "
            "{reference}. Un membre de notre équipe d'assistance vous répondra dès que possible.\n\n"
            "Pour ajouter des informations, répondez à cet e-mail en gardant la référence dans l'objet.\n\n"
            "Pour votre sécurité : nous ne vous demanderons jamais votre mot de passe, vos codes 2FA ou "
            "votre phrase de récupération, ni d'envoyer des fonds."
        ),
        reference="Référence du ticket : {reference}",
    ),
    "de": NoticeText(
        marker="##- Bitte schreiben Sie Ihre Antwort über dieser Zeile -##",
        ack_subject="Wir haben Ihre Anfrage erhalten [{reference}]: {subject}",
        ack_body=(
            "Vielen Dank für Ihre Nachricht. Ihre Anfrage ist unter der Referenz {reference} "
            "eingegangen. Ein Mitglied unseres Support-Teams antwortet Ihnen so bald wie möglich.\n\n"
            "Um Informationen zu ergänzen, antworten Sie auf diese E-Mail und lassen Sie die Referenz im "
            "Betreff stehen.\n\n"
            "Zu Ihrer Sicherheit: Wir fragen nie nach Ihrem Passwort, Ihren 2FA-Codes oder Ihrer "
            "Wiederherstellungsphrase und fordern Sie nie auf, Guthaben zu senden."
        ),
        reference="Ticket-Referenz: {reference}",
    ),
    "it": NoticeText(
        marker="##- Scriva la sua risposta sopra questa riga -##",
        ack_subject="Abbiamo ricevuto la sua richiesta [{reference}]: {subject}",
        ack_body=(
            "Grazie per averci contattato. Abbiamo ricevuto la sua richiesta con il riferimento "
            "{reference}. Un membro del nostro team di assistenza le risponderà il prima possibile.\n\n"
            "Per aggiungere informazioni, risponda a questa email mantenendo il riferimento nell'oggetto.\n\n"
            "Per la sua sicurezza: non le chiederemo mai la password, i codici 2FA o la frase di "
            "recupero, né di inviare fondi."
        ),
        reference="Riferimento del ticket: {reference}",
    ),
    "tr": NoticeText(
        marker="##- Lütfen yanıtınızı bu satırın üstüne yazın -##",
        ack_subject="Talebinizi aldık [{reference}]: {subject}",
        ack_body=(
            "Bizimle iletişime geçtiğiniz için teşekkür ederiz. Talebiniz {reference} referansıyla "
            "alındı. Destek ekibimizden biri en kısa sürede yanıt verecektir.\n\n"
            "Bilgi eklemek için bu e-postayı yanıtlayın ve konu satırındaki referansı silmeyin.\n\n"
            "Güvenliğiniz için: şifrenizi, 2FA kodlarınızı veya kurtarma ifadenizi asla istemeyiz ve "
            "sizden asla para göndermenizi istemeyiz."
        ),
        reference="Talep referansı: {reference}",
    ),
    "ru": NoticeText(
        marker="##- Пожалуйста, напишите ответ над этой строкой -##",
        ack_subject="Мы получили ваш запрос [{reference}]: {subject}",
        ack_body=(
            "Спасибо за обращение. Ваш запрос получен, его номер {reference}. Сотрудник службы "
            "поддержки ответит вам как можно скорее.\n\n"
            "Чтобы дополнить запрос, ответьте на это письмо, не удаляя номер из темы.\n\n"
            "Для вашей безопасности: мы никогда не просим пароль, коды 2FA или фразу восстановления и "
            "никогда не просим перевести средства."
        ),
        reference="Номер запроса: {reference}",
    ),
    "ja": NoticeText(
        marker="##- この行より上に返信を入力してください -##",
        ack_subject="お問い合わせを受け付けました [{reference}]: {subject}",
        ack_body=(
            "お問い合わせありがとうございます。受付番号は {reference} です。サポート担当者より"
            "できるだけ早くご連絡いたします。\n\n"
            "情報を追加される場合は、件名の受付番号を残したままこのメールにご返信ください。\n\n"
            "セキュリティのため、パスワード、2FA コード、リカバリーフレーズをお尋ねすることや、"
            "送金をお願いすることは決してありません。"
        ),
        reference="受付番号: {reference}",
    ),
    "zh-hans": NoticeText(
        marker="##- 请在此行上方输入您的回复 -##",
        ack_subject="我们已收到您的请求 [{reference}]：{subject}",
        ack_body=(
            "感谢您联系我们。您的请求已收到，编号为 {reference}。我们的客服人员会尽快回复您。\n\n"
            "如需补充信息，请直接回复此邮件，并保留主题中的编号。\n\n"
            "为了您的安全：我们绝不会索取您的密码、2FA 验证码或助记词，也绝不会要求您转账。"
        ),
        reference="工单编号：{reference}",
    ),
}


def notice_text(language: str) -> NoticeText:
    code = (language or "en").lower()
    return TEXTS.get(code) or TEXTS.get(code.split("-")[0]) or TEXTS["en"]
