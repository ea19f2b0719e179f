# ruff: noqa: RUF001
"""What the customer is told when a secret was taken out of their message, in the help center's
languages: what was removed, that nobody (we included) may ever have it, and what to do now if
someone asked for it.

    secret_warning(language, kinds) -> str

`language` is a ticket's or customer's code ("pt-br", "zh-hans", "fil" are understood); any other
falls back to English. `kinds` are `approvals.redaction` kinds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from approvals.redaction import ONE_TIME_CODE, PASSWORD, PRIVATE_KEY, SEED_PHRASE


@dataclass(frozen=True)
class _Warning:
    text: str
    # The names of the kinds, in the form the text needs where {what} stands.
    kinds: dict[str, str]
    # How a list of kinds is joined: between the first ones, and before the last.
    separator: str
    last: str


def _kinds(seed: str, key: str, code: str, password: str) -> dict[str, str]:
    return {SEED_PHRASE: seed, PRIVATE_KEY: key, ONE_TIME_CODE: code, PASSWORD: password}


WARNINGS: dict[str, _Warning] = {
    "en": _Warning(
        "For your safety, we removed the {what} from your message. Never share your recovery phrase, "
        "private key, passwords or codes with anyone, including us: our staff will never ask for them. "
        "If someone did ask you for them, secure your account now: change your password, reset your "
        "two-factor authentication, and move any funds held in a wallet whose recovery phrase or private "
        "key you shared to a new wallet.",
        _kinds("recovery phrase", "private key", "one-time code", "password"),
        ", ",
        " and ",
    ),
    "es": _Warning(
        "Por tu seguridad, hemos eliminado de tu mensaje lo siguiente: {what}. Nunca compartas tu frase "
        "de recuperación, tu clave privada, tus contraseñas ni tus códigos con nadie, tampoco con "
        "nosotros: nuestro equipo nunca te los pedirá. Si alguien te los pidió, protege tu cuenta ahora: "
        "cambia tu contraseña, restablece la verificación en dos pasos y pasa los fondos de cualquier "
        "monedero cuya frase de recuperación o clave privada hayas compartido a un monedero nuevo.",
        _kinds("la frase de recuperación", "la clave privada", "el código de un solo uso", "la contraseña"),
        ", ",
        " y ",
    ),
    "pt": _Warning(
        "Para sua segurança, removemos o seguinte da sua mensagem: {what}. Nunca compartilhe sua frase "
        "de recuperação, chave privada, senhas ou códigos com ninguém, nem mesmo conosco: nossa equipe "
        "nunca vai pedir esses dados. Se alguém pediu, proteja sua conta agora: altere sua senha, "
        "redefina a autenticação de dois fatores e transfira os fundos de qualquer carteira cuja frase "
        "de recuperação ou chave privada você compartilhou para uma carteira nova.",
        _kinds("a frase de recuperação", "a chave privada", "o código de uso único", "a senha"),
        ", ",
        " e ",
    ),
    "fr": _Warning(
        "Pour votre sécurité, nous avons retiré de votre message : {what}. Ne communiquez jamais votre "
        "phrase de récupération, votre clé privée, vos mots de passe ou vos codes à qui que ce soit, y "
        "compris à nous : notre équipe ne vous les demandera jamais. Si quelqu'un vous les a demandés, "
        "sécurisez votre compte dès maintenant : changez votre mot de passe, réinitialisez votre double "
        "authentification et transférez les fonds de tout portefeuille dont vous avez communiqué la "
        "phrase de récupération ou la clé privée vers un nouveau portefeuille.",
        _kinds("la phrase de récupération", "la clé privée", "le code à usage unique", "le mot de passe"),
        ", ",
        " et ",
    ),
    "de": _Warning(
        "Zu Ihrer Sicherheit haben wir Folgendes aus Ihrer Nachricht entfernt: {what}. Geben Sie Ihre "
        "Wiederherstellungsphrase, Ihren privaten Schlüssel, Passwörter oder Codes niemals weiter, auch "
        "nicht an uns: Unsere Mitarbeitenden werden Sie nie danach fragen. Falls jemand danach gefragt "
        "hat, sichern Sie Ihr Konto jetzt: Ändern Sie Ihr Passwort, setzen Sie Ihre "
        "Zwei-Faktor-Authentifizierung zurück und übertragen Sie das Guthaben jeder Wallet, deren "
        "Wiederherstellungsphrase oder privaten Schlüssel Sie weitergegeben haben, in eine neue Wallet.",
        _kinds("die Wiederherstellungsphrase", "der private Schlüssel", "der Einmalcode", "das Passwort"),
        ", ",
        " und ",
    ),
    "it": _Warning(
        "Per la tua sicurezza abbiamo rimosso dal tuo messaggio: {what}. Non condividere mai con nessuno "
        "la tua frase di recupero, la chiave privata, le password o i codici, nemmeno con noi: il nostro "
        "staff non te li chiederà mai. Se qualcuno te li ha chiesti, proteggi subito il tuo account: "
        "cambia la password, reimposta l'autenticazione a due fattori e sposta i fondi da qualsiasi "
        "wallet di cui hai condiviso la frase di recupero o la chiave privata in un nuovo wallet.",
        _kinds("la frase di recupero", "la chiave privata", "il codice monouso", "la password"),
        ", ",
        " e ",
    ),
    "nl": _Warning(
        "Voor je veiligheid hebben we het volgende uit je bericht verwijderd: {what}. Deel je herstelzin, "
        "privésleutel, wachtwoorden of codes nooit met iemand, ook niet met ons: onze medewerkers vragen "
        "er nooit om. Heeft iemand er toch om gevraagd? Beveilig je account dan nu: wijzig je wachtwoord, "
        "stel je tweestapsverificatie opnieuw in en zet het tegoed van elke wallet waarvan je de herstelzin "
        "of privésleutel hebt gedeeld over naar een nieuwe wallet.",
        _kinds("de herstelzin", "de privésleutel", "de eenmalige code", "het wachtwoord"),
        ", ",
        " en ",
    ),
    "pl": _Warning(
        "Dla Twojego bezpieczeństwa usunęliśmy z wiadomości: {what}. Nigdy nikomu nie udostępniaj frazy "
        "odzyskiwania, klucza prywatnego, haseł ani kodów, także nam: nasi pracownicy nigdy o nie nie "
        "poproszą. Jeśli ktoś o nie prosił, zabezpiecz konto już teraz: zmień hasło, zresetuj "
        "uwierzytelnianie dwuskładnikowe i przenieś środki z każdego portfela, którego fraza odzyskiwania "
        "lub klucz prywatny trafiły w cudze ręce, do nowego portfela.",
        _kinds("fraza odzyskiwania", "klucz prywatny", "kod jednorazowy", "hasło"),
        ", ",
        " i ",
    ),
    "uk": _Warning(
        "Для вашої безпеки ми видалили з повідомлення: {what}. Ніколи нікому не повідомляйте фразу "
        "відновлення, приватний ключ, паролі чи коди, навіть нам: наші співробітники ніколи їх не "
        "попросять. Якщо хтось їх просив, захистіть обліковий запис просто зараз: змініть пароль, скиньте "
        "двофакторну автентифікацію та перекажіть кошти з кожного гаманця, фразу відновлення чи приватний "
        "ключ якого ви комусь повідомили, на новий гаманець.",
        _kinds("фраза відновлення", "приватний ключ", "одноразовий код", "пароль"),
        ", ",
        " і ",
    ),
    "ru": _Warning(
        "Для вашей безопасности мы удалили из сообщения: {what}. Никогда никому не сообщайте фразу "
        "восстановления, приватный ключ, пароли или коды, даже нам: наши сотрудники никогда их не "
        "попросят. Если кто-то их просил, защитите аккаунт прямо сейчас: смените пароль, сбросьте "
        "двухфакторную аутентификацию и переведите средства с любого кошелька, фразу восстановления или "
        "приватный ключ которого вы кому-то сообщили, на новый кошелёк.",
        _kinds("фраза восстановления", "приватный ключ", "одноразовый код", "пароль"),
        ", ",
        " и ",
    ),
    "tr": _Warning(
        "Güvenliğiniz için mesajınızdan şunu kaldırdık: {what}. Kurtarma ifadenizi, özel anahtarınızı, "
        "şifrelerinizi veya kodlarınızı biz dahil hiç kimseyle paylaşmayın: ekibimiz bunları sizden asla "
        "istemez. Biri bunları sizden istediyse hesabınızı hemen güvene alın: şifrenizi değiştirin, iki "
        "faktörlü doğrulamanızı sıfırlayın ve kurtarma ifadesini ya da özel anahtarını paylaştığınız her "
        "cüzdandaki varlıkları yeni bir cüzdana taşıyın.",
        _kinds("kurtarma ifadesi", "özel anahtar", "tek kullanımlık kod", "şifre"),
        ", ",
        " ve ",
    ),
    "ar": _Warning(
        "حرصًا على أمانك، أزلنا ما يلي من رسالتك: {what}. لا تشارك أبدًا عبارة الاسترداد أو المفتاح "
        "الخاص أو كلمات المرور أو الرموز مع أي شخص، ولا حتى معنا: فريقنا لن يطلبها منك أبدًا. إذا طلبها "
        "منك أحد، فأمّن حسابك الآن: غيّر كلمة المرور، وأعد ضبط المصادقة الثنائية، وانقل الأموال من أي "
        "محفظة شاركت عبارة استردادها أو مفتاحها الخاص إلى محفظة جديدة.",
        _kinds("عبارة الاسترداد", "المفتاح الخاص", "رمز لمرة واحدة", "كلمة المرور"),
        "، ",
        " و",
    ),
    "fa": _Warning(
        "برای امنیت شما، این موارد را از پیامتان حذف کردیم: {what}. هرگز عبارت بازیابی، کلید خصوصی، "
        "رمزهای عبور یا کدهای خود را با هیچ‌کس، حتی ما، در میان نگذارید: کارکنان ما هرگز آن‌ها را از شما "
        "نمی‌خواهند. اگر کسی آن‌ها را از شما خواسته است، همین حالا از حساب خود محافظت کنید: رمز عبور را "
        "تغییر دهید، احراز هویت دومرحله‌ای را بازنشانی کنید و دارایی هر کیف پولی را که عبارت بازیابی یا "
        "کلید خصوصی آن را به اشتراک گذاشته‌اید به یک کیف پول جدید منتقل کنید.",
        _kinds("عبارت بازیابی", "کلید خصوصی", "کد یک‌بارمصرف", "رمز عبور"),
        "، ",
        " و ",
    ),
    "hi": _Warning(
        "आपकी सुरक्षा के लिए हमने आपके संदेश से यह हटा दिया है: {what}। अपना रिकवरी फ़्रेज़, प्राइवेट की, "
        "पासवर्ड या कोड कभी किसी के साथ साझा न करें, हमारे साथ भी नहीं: हमारी टीम कभी इन्हें नहीं "
        "माँगेगी। अगर किसी ने इन्हें माँगा है, तो अभी अपना खाता सुरक्षित करें: अपना पासवर्ड बदलें, "
        "टू-फ़ैक्टर ऑथेंटिकेशन रीसेट करें, और जिस वॉलेट का रिकवरी फ़्रेज़ या प्राइवेट की आपने साझा की "
        "है, उसके फ़ंड किसी नए वॉलेट में भेज दें।",
        _kinds("रिकवरी फ़्रेज़", "प्राइवेट की", "वन-टाइम कोड", "पासवर्ड"),
        ", ",
        " और ",
    ),
    "id": _Warning(
        "Demi keamanan Anda, kami telah menghapus hal berikut dari pesan Anda: {what}. Jangan pernah "
        "membagikan frasa pemulihan, kunci privat, kata sandi, atau kode Anda kepada siapa pun, termasuk "
        "kami: staf kami tidak akan pernah memintanya. Jika ada yang memintanya, amankan akun Anda "
        "sekarang: ganti kata sandi, atur ulang autentikasi dua faktor, dan pindahkan dana dari dompet "
        "mana pun yang frasa pemulihan atau kunci privatnya telah Anda bagikan ke dompet baru.",
        _kinds("frasa pemulihan", "kunci privat", "kode sekali pakai", "kata sandi"),
        ", ",
        " dan ",
    ),
    "vi": _Warning(
        "Vì sự an toàn của bạn, chúng tôi đã xóa nội dung sau khỏi tin nhắn: {what}. Tuyệt đối không "
        "chia sẻ cụm từ khôi phục, khóa riêng tư, mật khẩu hay mã xác minh với bất kỳ ai, kể cả chúng "
        "tôi: nhân viên của chúng tôi sẽ không bao giờ yêu cầu những thông tin này. Nếu có ai đã yêu cầu, "
        "hãy bảo vệ tài khoản ngay: đổi mật khẩu, đặt lại xác thực hai yếu tố và chuyển tiền từ mọi ví "
        "mà bạn đã để lộ cụm từ khôi phục hoặc khóa riêng tư sang một ví mới.",
        _kinds("cụm từ khôi phục", "khóa riêng tư", "mã dùng một lần", "mật khẩu"),
        ", ",
        " và ",
    ),
    "th": _Warning(
        "เพื่อความปลอดภัยของคุณ เราได้ลบข้อมูลต่อไปนี้ออกจากข้อความของคุณ: {what} "
        "อย่าเปิดเผยวลีกู้คืน คีย์ส่วนตัว รหัสผ่าน หรือรหัสยืนยันให้ผู้ใดทราบเด็ดขาด รวมถึงเราด้วย "
        "เจ้าหน้าที่ของเราจะไม่ขอข้อมูลเหล่านี้จากคุณ หากมีผู้ใดขอ โปรดรักษาความปลอดภัยบัญชีของคุณทันที: "
        "เปลี่ยนรหัสผ่าน รีเซ็ตการยืนยันตัวตนแบบสองขั้นตอน "
        "และย้ายเงินจากกระเป๋าเงินที่วลีกู้คืนหรือคีย์ส่วนตัวถูกเปิดเผยไปยังกระเป๋าเงินใหม่",
        _kinds("วลีกู้คืน", "คีย์ส่วนตัว", "รหัสแบบใช้ครั้งเดียว", "รหัสผ่าน"),
        " ",
        " และ",
    ),
    "zh": _Warning(
        "为了您的安全，我们已从您的消息中删除了以下内容：{what}。请勿向任何人透露您的助记词、私钥、密码或"
        "验证码，包括我们：我们的工作人员绝不会向您索要这些信息。如果有人向您索要过，请立即保护您的账户："
        "修改密码，重置双重验证，并将助记词或私钥已泄露的钱包中的资金转移到新钱包。",
        _kinds("助记词", "私钥", "一次性验证码", "密码"),
        "、",
        "和",
    ),
    "ja": _Warning(
        "お客様の安全のため、メッセージから次の情報を削除しました：{what}。リカバリーフレーズ、秘密鍵、"
        "パスワード、認証コードは、当社を含め誰にも教えないでください。当社のスタッフがこれらをお尋ねする"
        "ことは決してありません。誰かに求められた場合は、今すぐアカウントを保護してください：パスワードを"
        "変更し、二段階認証をリセットし、リカバリーフレーズや秘密鍵を教えてしまったウォレットの資産を新しい"
        "ウォレットに移してください。",
        _kinds("リカバリーフレーズ", "秘密鍵", "ワンタイムコード", "パスワード"),
        "、",
        "と",
    ),
    "ko": _Warning(
        "고객님의 안전을 위해 메시지에서 다음 정보를 삭제했습니다: {what}. 복구 문구, 개인 키, 비밀번호, "
        "인증 코드는 저희를 포함해 누구에게도 알려 주지 마세요. 저희 직원은 절대 이를 요청하지 않습니다. "
        "누군가 요청했다면 지금 바로 계정을 보호하세요: 비밀번호를 변경하고, 2단계 인증을 재설정하고, 복구 "
        "문구나 개인 키가 노출된 지갑의 자산을 새 지갑으로 옮기세요.",
        _kinds("복구 문구", "개인 키", "일회용 코드", "비밀번호"),
        ", ",
        ", ",
    ),
    "tl": _Warning(
        "Para sa iyong kaligtasan, inalis namin ito sa mensahe mo: {what}. Huwag kailanman ibahagi "
        "kaninuman ang iyong recovery phrase, private key, mga password o code, kahit sa amin: hindi "
        "kailanman hihingin ng aming staff ang mga ito. Kung may humingi nito sa iyo, i-secure agad ang "
        "account mo: palitan ang password, i-reset ang two-factor authentication, at ilipat sa bagong "
        "wallet ang pondo ng anumang wallet na naibahagi mo ang recovery phrase o private key.",
        _kinds("recovery phrase", "private key", "one-time code", "password"),
        ", ",
        " at ",
    ),
}


def language_key(language: str) -> str:
    """`pt-BR` -> pt, `zh-hans` -> zh, `fil` -> tl; a language without a warning -> en."""
    code = (language or "").strip().lower().replace("_", "-")
    if code == "fil" or code.startswith("fil-"):
        return "tl"
    base = code.split("-", 1)[0]
    return base if base in WARNINGS else "en"


def secret_warning(language: str, kinds: Sequence[str]) -> str:
    warning = WARNINGS[language_key(language)]
    names = [warning.kinds[k] for k in kinds if k in warning.kinds] or [warning.kinds[PASSWORD]]
    what = names[0] if len(names) == 1 else warning.separator.join(names[:-1]) + warning.last + names[-1]
    return warning.text.format(what=what)
