# ruff: noqa: RUF001, E501
"""The customer's notice of each executed action, per language. Short, and never a secret: the new
email address arrives masked ({email}); {limit} and {currency} are the new withdrawal limit."""

from approvals.models import ActionKind

A = ActionKind


def _texts(
    unlock: str, reset: str, change: str, revoke: str, raise_limit: str, warning: str, sep: str = " "
) -> dict[ActionKind, str]:
    """The three actions that could be an attacker's end game carry the warning to answer at once."""
    return {
        A.UNLOCK_WITHDRAWALS: f"{unlock}{sep}{warning}",
        A.RESET_2FA: f"{reset}{sep}{warning}",
        A.CHANGE_EMAIL: f"{change}{sep}{warning}",
        A.REVOKE_API_KEYS: revoke,
        A.RAISE_WITHDRAWAL_LIMIT: raise_limit,
    }


NOTICES: dict[str, dict[ActionKind, str]] = {
    "en": _texts(
        "Withdrawals from your account are unlocked again.",
        "Two-factor authentication on your account has been reset. "
        "Please sign in and set up a new second factor right away.",
        "The email address of your account has been changed to {email}.",
        "All API keys of your account have been revoked. Create new ones in your account settings if you need them.",
        "Your withdrawal limit has been raised to {limit} {currency}.",
        "If you did not ask for this, reply to this message at once.",
    ),
    "es": _texts(
        "Los retiros de tu cuenta están desbloqueados de nuevo.",
        "Hemos restablecido la autenticación en dos pasos de tu cuenta. "
        "Inicia sesión y configura un nuevo segundo factor cuanto antes.",
        "El correo electrónico de tu cuenta se ha cambiado a {email}.",
        "Hemos revocado todas las claves API de tu cuenta. Si las necesitas, crea otras nuevas en la "
        "configuración de tu cuenta.",
        "Tu límite de retiro se ha aumentado a {limit} {currency}.",
        "Si no lo solicitaste, responde a este mensaje de inmediato.",
    ),
    "pt-br": _texts(
        "Os saques da sua conta foram desbloqueados.",
        "A autenticação de dois fatores da sua conta foi redefinida. "
        "Entre na sua conta e configure um novo segundo fator o quanto antes.",
        "O e-mail da sua conta foi alterado para {email}.",
        "Todas as chaves de API da sua conta foram revogadas. Se precisar, crie novas nas configurações da conta.",
        "Seu limite de saque foi aumentado para {limit} {currency}.",
        "Se você não pediu isso, responda a esta mensagem imediatamente.",
    ),
    "fr": _texts(
        "Les retraits de votre compte sont de nouveau débloqués.",
        "L'authentification à deux facteurs de votre compte a été réinitialisée. "
        "Connectez-vous et configurez un nouveau second facteur dès maintenant.",
        "L'adresse e-mail de votre compte a été remplacée par {email}.",
        "Toutes les clés API de votre compte ont été révoquées. Si besoin, créez-en de nouvelles dans les "
        "paramètres de votre compte.",
        "Votre limite de retrait a été relevée à {limit} {currency}.",
        "Si vous n'êtes pas à l'origine de cette demande, répondez immédiatement à ce message.",
    ),
    "de": _texts(
        "Auszahlungen von Ihrem Konto sind wieder freigegeben.",
        "Die Zwei-Faktor-Authentifizierung Ihres Kontos wurde zurückgesetzt. "
        "Bitte melden Sie sich an und richten Sie umgehend einen neuen zweiten Faktor ein.",
        "Die E-Mail-Adresse Ihres Kontos wurde in {email} geändert.",
        "Alle API-Schlüssel Ihres Kontos wurden widerrufen. Bei Bedarf können Sie in den Kontoeinstellungen "
        "neue erstellen.",
        "Ihr Auszahlungslimit wurde auf {limit} {currency} erhöht.",
        "Falls Sie das nicht veranlasst haben, antworten Sie bitte sofort auf diese Nachricht.",
    ),
    "it": _texts(
        "I prelievi dal tuo account sono di nuovo sbloccati.",
        "L'autenticazione a due fattori del tuo account è stata reimpostata. "
        "Accedi e configura subito un nuovo secondo fattore.",
        "L'indirizzo email del tuo account è stato cambiato in {email}.",
        "Tutte le chiavi API del tuo account sono state revocate. Se ti servono, creane di nuove nelle "
        "impostazioni dell'account.",
        "Il tuo limite di prelievo è stato aumentato a {limit} {currency}.",
        "Se non l'hai richiesto tu, rispondi subito a questo messaggio.",
    ),
    "ru": _texts(
        "Вывод средств с вашего аккаунта снова разблокирован.",
        "Двухфакторная аутентификация вашего аккаунта сброшена. "
        "Войдите в аккаунт и как можно скорее настройте новый второй фактор.",
        "Адрес электронной почты вашего аккаунта изменён на {email}.",
        "Все API-ключи вашего аккаунта отозваны. При необходимости создайте новые в настройках аккаунта.",
        "Ваш лимит на вывод средств увеличен до {limit} {currency}.",
        "Если вы этого не запрашивали, немедленно ответьте на это сообщение.",
    ),
    "uk": _texts(
        "Виведення коштів з вашого акаунта знову розблоковано.",
        "Двофакторну автентифікацію вашого акаунта скинуто. "
        "Увійдіть в акаунт і якнайшвидше налаштуйте новий другий фактор.",
        "Адресу електронної пошти вашого акаунта змінено на {email}.",
        "Усі API-ключі вашого акаунта відкликано. За потреби створіть нові в налаштуваннях акаунта.",
        "Ваш ліміт на виведення коштів збільшено до {limit} {currency}.",
        "Якщо ви цього не запитували, негайно дайте відповідь на це повідомлення.",
    ),
    "tr": _texts(
        "Hesabınızdaki çekim işlemlerinin kilidi yeniden açıldı.",
        "Hesabınızın iki adımlı doğrulaması sıfırlandı. "
        "Lütfen giriş yapın ve hemen yeni bir ikinci doğrulama yöntemi kurun.",
        "Hesabınızın e-posta adresi {email} olarak değiştirildi.",
        "Hesabınızın tüm API anahtarları iptal edildi. Gerekirse hesap ayarlarınızdan yenilerini "
        "oluşturabilirsiniz.",
        "Çekim limitiniz {limit} {currency} olarak yükseltildi.",
        "Bunu siz talep etmediyseniz lütfen bu mesajı hemen yanıtlayın.",
    ),
    "ja": _texts(
        "お客様のアカウントの出金ロックを解除しました。",
        "お客様のアカウントの二段階認証をリセットしました。ログインして、すぐに新しい二段階認証を設定してください。",
        "お客様のアカウントのメールアドレスを {email} に変更しました。",
        "お客様のアカウントのAPIキーをすべて無効にしました。必要な場合は、アカウント設定から新しいキーを作成してください。",
        "お客様の出金限度額を {limit} {currency} に引き上げました。",
        "お心当たりがない場合は、すぐにこのメッセージにご返信ください。",
        sep="",
    ),
    "ko": _texts(
        "회원님 계정의 출금 잠금이 해제되었습니다.",
        "회원님 계정의 2단계 인증이 초기화되었습니다. 로그인하신 후 바로 새 2단계 인증을 설정해 주세요.",
        "회원님 계정의 이메일 주소가 {email}(으)로 변경되었습니다.",
        "회원님 계정의 모든 API 키가 폐기되었습니다. 필요하시면 계정 설정에서 새 키를 만들어 주세요.",
        "회원님의 출금 한도가 {limit} {currency}(으)로 상향되었습니다.",
        "직접 요청하지 않으셨다면 즉시 이 메시지에 답장해 주세요.",
    ),
    "zh-hans": _texts(
        "您账户的提现功能已重新解锁。",
        "您账户的双重验证已重置。请登录并尽快设置新的双重验证。",
        "您账户的电子邮箱已更改为 {email}。",
        "您账户的所有 API 密钥均已撤销。如有需要，请在账户设置中创建新的密钥。",
        "您的提现限额已提高至 {limit} {currency}。",
        "如果这不是您本人的申请，请立即回复此消息。",
        sep="",
    ),
    "vi": _texts(
        "Tính năng rút tiền trên tài khoản của bạn đã được mở khóa trở lại.",
        "Xác thực hai yếu tố của tài khoản bạn đã được đặt lại. "
        "Vui lòng đăng nhập và thiết lập yếu tố xác thực thứ hai mới ngay.",
        "Địa chỉ email của tài khoản bạn đã được đổi thành {email}.",
        "Tất cả khóa API của tài khoản bạn đã bị thu hồi. Nếu cần, bạn có thể tạo khóa mới trong phần cài đặt "
        "tài khoản.",
        "Hạn mức rút tiền của bạn đã được nâng lên {limit} {currency}.",
        "Nếu bạn không yêu cầu việc này, hãy trả lời tin nhắn này ngay.",
    ),
    "id": _texts(
        "Penarikan dari akun Anda sudah dibuka kembali.",
        "Autentikasi dua faktor akun Anda telah direset. Silakan masuk dan segera atur faktor kedua yang baru.",
        "Alamat email akun Anda telah diubah menjadi {email}.",
        "Semua kunci API akun Anda telah dicabut. Jika perlu, buat kunci baru di pengaturan akun Anda.",
        "Batas penarikan Anda telah dinaikkan menjadi {limit} {currency}.",
        "Jika Anda tidak memintanya, segera balas pesan ini.",
    ),
    "th": _texts(
        "การถอนเงินจากบัญชีของคุณถูกปลดล็อกแล้ว",
        "การยืนยันตัวตนสองขั้นตอนของบัญชีคุณถูกรีเซ็ตแล้ว โปรดเข้าสู่ระบบและตั้งค่าการยืนยันขั้นที่สองใหม่โดยเร็ว",
        "อีเมลของบัญชีคุณถูกเปลี่ยนเป็น {email} แล้ว",
        "คีย์ API ทั้งหมดของบัญชีคุณถูกเพิกถอนแล้ว หากต้องการ คุณสามารถสร้างคีย์ใหม่ได้ในการตั้งค่าบัญชี",
        "วงเงินถอนของคุณถูกปรับเพิ่มเป็น {limit} {currency} แล้ว",
        "หากคุณไม่ได้เป็นผู้ขอ โปรดตอบกลับข้อความนี้ทันที",
    ),
    "ar": _texts(
        "تم رفع القفل عن عمليات السحب في حسابك.",
        "تمت إعادة تعيين المصادقة الثنائية لحسابك. يرجى تسجيل الدخول وإعداد عامل تحقق ثانٍ جديد على الفور.",
        "تم تغيير البريد الإلكتروني لحسابك إلى {email}.",
        "تم إلغاء جميع مفاتيح API الخاصة بحسابك. يمكنك إنشاء مفاتيح جديدة من إعدادات حسابك عند الحاجة.",
        "تم رفع حد السحب الخاص بك إلى {limit} {currency}.",
        "إذا لم تطلب ذلك، فيرجى الرد على هذه الرسالة فورًا.",
    ),
    "fa": _texts(
        "قفل برداشت از حساب شما برداشته شد.",
        "تأیید دومرحله‌ای حساب شما بازنشانی شد. لطفاً وارد حساب شوید و هرچه زودتر عامل دوم جدیدی تنظیم کنید.",
        "ایمیل حساب شما به {email} تغییر کرد.",
        "همهٔ کلیدهای API حساب شما باطل شد. در صورت نیاز، از تنظیمات حساب کلید جدید بسازید.",
        "سقف برداشت شما به {limit} {currency} افزایش یافت.",
        "اگر شما این درخواست را نداده‌اید، فوراً به این پیام پاسخ دهید.",
    ),
    "hi": _texts(
        "आपके खाते से निकासी फिर से चालू कर दी गई है।",
        "आपके खाते का टू-फ़ैक्टर ऑथेंटिकेशन रीसेट कर दिया गया है। कृपया लॉग इन करें और तुरंत नया दूसरा फ़ैक्टर सेट करें।",
        "आपके खाते का ईमेल पता बदलकर {email} कर दिया गया है।",
        "आपके खाते की सभी API कुंजियाँ रद्द कर दी गई हैं। ज़रूरत हो तो खाते की सेटिंग में नई कुंजियाँ बनाएँ।",
        "आपकी निकासी सीमा बढ़ाकर {limit} {currency} कर दी गई है।",
        "अगर आपने यह अनुरोध नहीं किया था, तो कृपया तुरंत इस संदेश का जवाब दें।",
    ),
    "pl": _texts(
        "Wypłaty z Twojego konta zostały ponownie odblokowane.",
        "Uwierzytelnianie dwuskładnikowe Twojego konta zostało zresetowane. "
        "Zaloguj się i jak najszybciej skonfiguruj nowy drugi składnik.",
        "Adres e-mail Twojego konta został zmieniony na {email}.",
        "Wszystkie klucze API Twojego konta zostały unieważnione. W razie potrzeby utwórz nowe w ustawieniach konta.",
        "Twój limit wypłat został podniesiony do {limit} {currency}.",
        "Jeśli to nie była Twoja prośba, natychmiast odpowiedz na tę wiadomość.",
    ),
    "nl": _texts(
        "Opnames van je account zijn weer vrijgegeven.",
        "De tweestapsverificatie van je account is gereset. Log in en stel direct een nieuwe tweede factor in.",
        "Het e-mailadres van je account is gewijzigd in {email}.",
        "Alle API-sleutels van je account zijn ingetrokken. Maak zo nodig nieuwe aan in je accountinstellingen.",
        "Je opnamelimiet is verhoogd naar {limit} {currency}.",
        "Heb je hier niet om gevraagd? Reageer dan direct op dit bericht.",
    ),
    "fil": _texts(
        "Muling na-unlock ang pag-withdraw sa iyong account.",
        "Na-reset na ang two-factor authentication ng iyong account. "
        "Mag-log in at mag-set up agad ng bagong second factor.",
        "Pinalitan na ang email address ng iyong account ng {email}.",
        "Binawi na ang lahat ng API key ng iyong account. Kung kailangan mo, gumawa ng mga bago sa settings ng "
        "iyong account.",
        "Itinaas na ang iyong withdrawal limit sa {limit} {currency}.",
        "Kung hindi ikaw ang humiling nito, sumagot agad sa mensaheng ito.",
    ),
}
