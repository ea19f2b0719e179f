# ruff: noqa: RUF001, RUF002, RUF003, E501
# (Phrases in twenty-odd languages: their letters and long alternations are the point.)
"""What a customer's words say about an account-takeover attempt: pressure, claimed authority, asks to
bypass a check, remote-access tools, seed phrases, "safe wallet" scripts, contact changes, and the
high-risk actions themselves (2FA reset, email change, withdrawal unlock, API key revocation, limit raise).

Two kinds of rules, both plain data an agent can check against the words quoted in each fact:
- tier 0's own social-engineering rules (assistant.engine.lexicon), reused as they are and read on the
  text as written (their patterns carry their own accents);
- the lexicons below, read on folded text: case folded, Latin and Cyrillic accents removed ("Verificación"
  reads as "verificacion"), word boundaries honoured except in scripts written without spaces (Chinese,
  Japanese, Korean runs, Thai), where a phrase matches anywhere.

The module is pure (no database, no model loading): the intake step calls `asks_high_risk_action` in the
request that took the message in, and the risk service calls `text_signals` in the worker.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.engine import lexicon

# Scripts written without spaces between words: a word boundary means nothing there.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


# Letters whose accent is part of the letter in Unicode (no decomposition): Turkish ı, Polish ł, ...
_UNMARKED = str.maketrans({"ı": "i", "ł": "l", "đ": "d", "ø": "o", "ħ": "h"})


def fold(text: str) -> str:
    """Case folded, with the accents of Latin and Cyrillic letters removed; other scripts untouched
    (a Hangul syllable or a Japanese voiced kana decomposes too, so only U+0300–U+036F marks go)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNMARKED))
    stripped = "".join(c for c in decomposed if not 0x0300 <= ord(c) <= 0x036F)
    return unicodedata.normalize("NFC", stripped)


def _fold_pattern(pattern: str) -> str:
    """A pattern folded as the text is, its escapes (\\S, \\W, \\D) left as they are."""
    out = []
    escaped = False
    for char in pattern:
        out.append(char if escaped else fold(char))
        escaped = char == "\\" and not escaped
    return "".join(out)


def _alternation(phrases: tuple[str, ...]) -> str:
    parts = []
    for phrase in phrases:
        folded = _fold_pattern(phrase)
        if _UNSPACED.search(folded):
            parts.append(f"(?:{folded})")
        else:
            parts.append(rf"(?<!\w)(?:{folded})(?!\w)")
    return "|".join(parts)


@dataclass(frozen=True)
class Lexicon:
    code: str
    phrases: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_pattern", re.compile(_alternation(self.phrases)))

    def matches(self, folded: str, original: str) -> list[str]:
        """The words matched (as written in the original when the lengths line up), at most three."""
        pattern: re.Pattern[str] = object.__getattribute__(self, "_pattern")
        found: list[str] = []
        same_length = len(folded) == len(original)
        for match in pattern.finditer(folded):
            word = (original[match.start() : match.end()] if same_length else match.group(0)).strip()
            if word and word.casefold() not in {w.casefold() for w in found}:
                found.append(word)
            if len(found) == 3:
                break
        return found


# --- The lexicons -----------------------------------------------------------------------------------------

URGENCY = Lexicon(
    "urgency",
    (
        "urgent", "urgently", "right now", "immediately", "asap", "as soon as possible", "emergency",
        "hurry", "right away", "this minute", "no time",
        "urgente", "urgentemente", "ahora mismo", "inmediatamente", "ya mismo", "de inmediato",
        "agora mesmo", "imediatamente", "o mais rapido possivel",
        "tout de suite", "immediatement", "d'urgence", "au plus vite",
        "dringend", "sofort", "umgehend", "schnellstens",
        "subito", "immediatamente", "al piu presto",
        "срочно", "немедленно", "прямо сейчас", "терміново", "негайно", "прямо зараз",
        "acil", "hemen", "derhal",
        "至急", "今すぐ", "すぐに", "緊急",
        "급해", "급합니다", "긴급", "지금 당장", "즉시",
        "紧急", "马上", "立刻", "立即", "赶紧",
        "khan cap", "ngay lap tuc",
        "segera", "sekarang juga", "darurat",
        "ด่วน", "ทันที",
        "عاجل", "فورا", "فوراً", "حالا", "فوری", "همین الان",
        "तुरंत", "जल्दी", "अर्जेंट", "turant", "jaldi",
        "pilne", "natychmiast", "od razu",
        "dringend", "onmiddellijk", "meteen", "nu meteen",
        "agad", "ngayon din", "madalian",
    ),
)  # fmt: skip

THREAT = Lexicon(
    "threat",
    (
        "i will sue", "i'll sue", "my lawyer will", "i will report you", "you will regret",
        "i know where", "or i will", "or else",
        "voy a denunciar", "los voy a demandar", "vou processar", "vou denunciar",
        "je vais porter plainte", "ich werde (?:sie )?verklagen", "ti denuncio",
        "я подам в суд", "я вас засужу", "подам до суду",
        "sizi dava edecegim", "訴えます", "고소하겠", "我要起诉", "我要投诉你们",
        "sẽ kiện", "saya akan tuntut", "سأقاضي", "شکایت میکنم", "केस करूंगा",
    ),
)  # fmt: skip

CLAIMS_AUTHORITY = Lexicon(
    "claims_authority",
    (
        r"(?:i am|i'm|im|this is|we are) (?:a |an |the )?(?:\w+ )?(?:police|officer|detective|investigator|regulator|"
        r"inspector|prosecutor|lawyer|attorney|solicitor|notary)",
        r"(?:i am|i'm|im|this is|we are) (?:from|with) (?:the )?(?:police|fbi|interpol|sec|fca|cftc|regulator|"
        r"financial authority|tax office|court)",
        r"(?:i am|i'm|im) (?:his|her|their|the owner's|the account holder's) (?:lawyer|attorney|assistant|"
        r"secretary|accountant|son|daughter|wife|husband|father|mother|brother|sister)",
        r"(?:soy|somos) (?:de la |del |un |una )?(?:policia|fiscal|abogado|abogada|regulador|equipo de seguridad)",
        r"(?:sou|somos) (?:da |do |um |uma )?(?:policia|delegado|advogado|advogada|regulador|equipe de seguranca)",
        r"je suis (?:de la |du |un |une )?(?:police|gendarme|avocat|avocate|regulateur|l'equipe de securite)",
        r"ich bin (?:von der |vom |ein |eine )?(?:polizei|anwalt|anwaltin|staatsanwalt|aufsicht|sicherheitsteam)",
        r"sono (?:della |un |una )?(?:polizia|avvocato|avvocata|carabinier\w*)",
        r"ik ben (?:van de |een )?(?:politie|advocaat|toezichthouder)",
        r"jestem (?:z )?(?:policji|prawnikiem|adwokatem|prokuratury)",
        r"я (?:из )?(?:полиции|следователь|адвокат|юрист|сотрудник (?:полиции|биржи|службы безопасности))",
        r"я (?:з )?(?:поліції|слідчий|адвокат|юрист|співробітник)",
        r"(?:ben )?(?:polis|avukat|savci|savcı)(?:im|ım)",
        "警察です", "弁護士です", "金融庁", "경찰입니다", "변호사입니다", "금융감독원",
        "我是警察", "我是律师", "公安局", "我是(?:客服|安全部门)",
        r"toi la (?:cong an|luat su)", r"saya (?:dari )?(?:polisi|pengacara|ojk)",
        "ฉันเป็นตำรวจ", "ตำรวจ", "أنا (?:من )?(?:الشرطة|محامي)", "من (?:از )?(?:پلیس|وکیل)",
        "मैं (?:पुलिस|वकील)", r"main (?:police|vakil|lawyer) (?:hoon|hu)",
        r"ako ay (?:pulis|abogado)",
    ),
)  # fmt: skip

BYPASS = Lexicon(
    "bypass_check",
    (
        r"(?:skip|bypass|disable|turn off|switch off|remove|lift|cancel|drop) (?:the |my |this |that )?"
        r"(?:verification|kyc|2fa|two[- ]factor|authenticator|hold|security hold|lock|freeze|cooling[- ]off|check)",
        r"(?:quitar|desactivar|eliminar|saltar) (?:la |el |mi )?(?:verificacion|2fa|autenticador|retencion|bloqueo)",
        r"(?:remover|desativar|tirar|pular) (?:a |o |meu |minha )?(?:verificacao|2fa|autenticador|retencao|bloqueio)",
        r"(?:desactiver|supprimer|retirer|lever|sauter) (?:la |le |ma |mon )?(?:verification|2fa|authentificateur|"
        r"blocage|retenue)",
        r"(?:2fa|sperre|verifizierung|authenticator)(?: \w+){0,2} (?:deaktivieren|entfernen|aufheben|abschalten)",
        r"(?:rimuovere|disattivare|togliere|saltare) (?:la |il |il mio )?(?:verifica|2fa|blocco)",
        r"(?:2fa|blokkade|verificatie)(?: \w+){0,2} (?:uitschakelen|verwijderen|opheffen)",
        r"(?:wylacz|wylaczyc|usun|usunac|zdejmij|zdjac) (?:\w+ )?(?:2fa|weryfikacj\w*|blokad\w*)",
        r"(?:отключ\w*|снять|сними\w*|убер\w*|убрать|обойти) (?:\w+ )?(?:2fa|двухфактор\w*|верификаци\w*|"
        r"блокировк\w*|провер\w*)",
        r"(?:вимкн\w*|зняти|зніміть|приберіть|обійти) (?:\w+ )?(?:2fa|двофактор\w*|верифікаці\w*|блокуванн\w*)",
        r"(?:2fa|dogrulama|blokaj|engel)(?:\w*)? (?:kaldir\w*|kapat\w*|devre disi)",
        "(?:2fa|二段階認証|認証)を?(?:解除|無効)", "(?:2fa|인증|잠금)(?:을|를)? ?(?:해제|비활성화|풀어)",
        "(?:关闭|解除|取消|解绑)(?:\\S{0,2})(?:2fa|谷歌验证|验证|冻结|限制)",
        r"(?:tat|bo|go) (?:xac minh|2fa|khoa)", r"(?:nonaktifkan|matikan|hapus|cabut) (?:\w+ )?(?:2fa|verifikasi|blokir)",
        "(?:ปิด|ยกเลิก)(?:การ)?(?:ยืนยันตัวตน|2fa|ระงับ)", r"(?:تعطيل|إلغاء|ازالة) (?:التحقق|المصادقة|الحظر)",
        r"(?:غیرفعال|حذف|برداشتن) (?:کردن )?(?:تایید|احراز|مسدودی)", r"(?:2fa|वेरिफिकेशन|होल्ड) (?:हटा|बंद)",
        r"(?:alisin|tanggalin|i-?disable) (?:ang )?(?:2fa|verification|hold)",
    ),
)  # fmt: skip

CLAIMS_STAFF = Lexicon(
    "claims_staff",
    (
        r"(?:i am|i'm|im|this is|we are|here is) (?:\w+ ){0,3}(?:from|with|of) (?:\w+ ){0,3}(?:support|security|"
        r"compliance|fraud|risk|customer service|helpdesk)(?: team| department| desk)?",
        r"(?:i am|i'm|im|i work|we work) (?:\w+ ){0,2}(?:an? )?(?:employee|staff member|admin|administrator|"
        r"moderator|agent) (?:of|at|for|from) ",
        r"(?:soy|somos) (?:del |de |un |una )?(?:\w+ ){0,2}(?:soporte|equipo de seguridad|empleado|administrador)",
        r"(?:sou|somos) (?:do |da |um |uma )?(?:\w+ ){0,2}(?:suporte|equipe de seguranca|funcionario|administrador)",
        r"je suis (?:du |de l'|un |une )?(?:\w+ ){0,2}(?:support|service client|equipe de securite|employe|administrateur)",
        r"ich bin (?:vom |von |ein |eine )?(?:\w+ ){0,2}(?:support|kundendienst|sicherheitsteam|mitarbeiter\w*)",
        r"sono (?:del |dell'|un |una )?(?:\w+ ){0,2}(?:supporto|assistenza|team sicurezza|dipendente)",
        r"ik ben (?:van |een )?(?:\w+ ){0,2}(?:support|klantenservice|medewerker)",
        r"jestem (?:z )?(?:\w+ ){0,2}(?:supportu|wsparcia|dzialu bezpieczenstwa|pracownikiem)",
        r"я (?:из )?(?:\w+ ){0,2}(?:поддержки|службы безопасности|сотрудник\w*|администратор\w*)",
        r"я (?:з )?(?:\w+ ){0,2}(?:підтримки|служби безпеки|співробітник\w*)",
        r"(?:destek|guvenlik) ekibinden(?:im|iz)", r"(?:calisaniyim|yetkiliyim)",
        "(?:サポート|セキュリティ)(?:チーム|部門)?の(?:者|担当)です", "(?:고객센터|보안팀|직원)입니다",
        "我是(?:\\S{0,6})(?:客服|安全部门|工作人员|官方)", r"toi la nhan vien", r"saya (?:dari )?(?:tim )?(?:support|cs|keamanan)",
        "(?:เจ้าหน้าที่|ฝ่ายซัพพอร์ต)", "أنا (?:من )?(?:فريق الدعم|موظف)", "من (?:از )?(?:پشتیبانی|کارمند)",
        "मैं (?:\\S+ ){0,2}(?:सपोर्ट|कर्मचारी)", r"ako ay (?:taga-?)?(?:support|staff)",
    ),
)  # fmt: skip

REMOTE_ACCESS = Lexicon(
    "remote_access",
    (
        "any ?desk", "team ?viewer", "rust ?desk", "quick ?assist", "quick ?support", "ultra ?viewer",
        "screen ?connect", "connectwise", "splashtop", "supremo", "ammyy", "aeroadmin", "todesk",
        "sunlogin", "向日葵", "remote ?utilities", "logmein", "gotoassist", "chrome remote desktop",
        "remote (?:desktop|access|control)", "control remoto", "acesso remoto", "prise en main a distance",
        "fernwartung", "fernzugriff", "accesso remoto", "zdalny dostep", "удаленн\\w* доступ", "віддален\\w* доступ",
        "uzak masaustu", "uzaktan erisim", "遠隔操作", "リモート操作", "원격 (?:제어|접속)", "远程(?:控制|协助|桌面)",
        "truy cap tu xa", "akses jarak jauh", "ควบคุมระยะไกล", "التحكم عن بعد", "دسترسی از راه دور", "रिमोट एक्सेस",
    ),
)  # fmt: skip

SECURE_ACCOUNT = Lexicon(
    "safe_wallet",
    (
        r"(?:safe|secure|protected|safety|reserve|new secure) (?:account|wallet|address|vault)",
        r"(?:move|transfer|send)(?: \w+){0,3} (?:funds|coins|crypto|money|everything|balance)(?: \w+){0,2} "
        r"(?:to protect|for safety|to keep (?:it|them) safe)",
        r"cuenta (?:segura|protegida)", r"conta (?:segura|protegida)", r"compte (?:securise|protege)",
        r"(?:sicheres|geschutztes) konto", r"conto (?:sicuro|protetto)", r"veilige rekening", r"bezpieczne konto",
        r"безопасн\w* (?:сч[её]т|аккаунт)", r"безпечн\w* (?:рахунок|акаунт)", r"guvenli hesap",
        "安全账户", "安全な口座", "안전 계좌", r"tai khoan an toan", r"akun aman", "บัญชีที่ปลอดภัย",
        "حساب آمن", "حساب امن", "सुरक्षित खाता", r"ligtas na account",
    ),
)  # fmt: skip

CONTACT_CHANGE = Lexicon(
    "contact_change",
    (
        r"(?:change|update|replace|switch|set)(?: \w+){0,2} (?:e-?mail|phone|phone number|mobile|number)(?: address)?"
        r" (?:to|into|with)",
        r"(?:new|different|another) (?:e-?mail|phone number|mobile number)(?: address)?",
        r"(?:no longer|don't|do not|can't|cannot) (?:have )?(?:access|use)(?: to)? (?:my |the )?(?:old )?"
        r"(?:e-?mail|phone|number)",
        r"(?:cambiar|actualizar|modificar) (?:mi |el )?(?:correo|email|e-mail|telefono|numero)",
        r"(?:nuevo|otro) (?:correo|email|telefono|numero)",
        r"(?:mudar|trocar|alterar|atualizar) (?:o |meu )?(?:e-?mail|telefone|numero|celular)",
        r"(?:novo|outro) (?:e-?mail|telefone|numero)",
        r"(?:changer|modifier) (?:mon |l'|d')?(?:e-?mail|adresse e-?mail|adresse mail|telephone|numero)",
        r"(?:nouvelle|nouvel|nouveau) (?:e-?mail|adresse|numero)",
        r"(?:e-?mail|e-?mail-adresse|telefonnummer|handynummer)(?: \w+){0,2} (?:andern|aktualisieren|wechseln)",
        r"neue (?:e-?mail|telefonnummer|handynummer)",
        r"(?:cambiare|modificare) (?:la |il )?(?:mia |mio )?(?:e-?mail|numero|telefono)",
        r"(?:nuova|nuovo) (?:e-?mail|numero)",
        r"(?:e-?mail|telefoonnummer)(?: \w+){0,2} (?:wijzigen|veranderen|aanpassen)", r"nieuw(?:e)? (?:e-?mail|nummer)",
        r"(?:zmienic|zmiana|zmien) (?:\w+ )?(?:e-?mail|adres\w*|numer\w*|telefon\w*)", r"now\w* (?:e-?mail|numer)",
        r"(?:сменить|изменить|поменять|смена|изменение) (?:\w+ )?(?:почт\w*|e-?mail|email|номер\w*|телефон\w*)",
        r"(?:нов\w+) (?:почт\w*|e-?mail|email|номер\w*)",
        r"(?:змінити|поміняти|зміна) (?:\w+ )?(?:пошт\w*|e-?mail|email|номер\w*|телефон\w*)",
        r"(?:e-?posta|telefon|numara)\w* (?:degistir\w*|guncelle\w*)", r"yeni (?:e-?posta|telefon|numara)",
        "(?:メール|メールアドレス|電話番号)(?:を|の)?(?:変更|変えたい)", "新しい(?:メール|電話番号)",
        "(?:이메일|전화번호)(?:을|를)? ?(?:변경|바꾸)", "새 (?:이메일|전화번호)",
        "(?:更改|修改|更换|换)(?:\\S{0,2})(?:邮箱|手机号|电话)", "新(?:的)?(?:邮箱|手机号)",
        r"(?:doi|thay doi|cap nhat) (?:\w+ )?(?:email|so dien thoai)", r"(?:email|so dien thoai) moi",
        r"(?:ganti|ubah|mengganti|mengubah) (?:\w+ )?(?:email|nomor|no hp)", r"(?:email|nomor) baru",
        "(?:เปลี่ยน)(?:อีเมล|เบอร์)", "(?:تغيير|تحديث) (?:البريد|الإيميل|رقم الهاتف)", "(?:تغییر|عوض) (?:ایمیل|شماره)",
        r"(?:ایمیل|شماره)\S* (?:را )?(?:تغییر|عوض)",
        r"(?:ईमेल|नंबर) (?:बदल\w*|चेंज)", r"(?:email|number) (?:change|badal)",
        r"(?:palitan|baguhin) (?:ang )?(?:email|number)",
    ),
)  # fmt: skip

ASKS_2FA_RESET = Lexicon(
    "asks_2fa_reset",
    (
        r"(?:reset|remove|disable|turn off|recover|unbind|unlink|lost|lose|lost access to)(?: \w+){0,2} "
        r"(?:2fa|two[- ]factor|authenticator|google auth\w*|otp|mfa)",
        r"(?:2fa|two[- ]factor|authenticator|google auth\w*|mfa)(?: \w+){0,3} (?:reset|removed|disabled|lost|"
        r"stolen|broken|not working|new phone)",
        r"(?:restablecer|resetear|quitar|desactivar|recuperar|perdi) (?:el |mi )?(?:2fa|autenticador|doble factor)",
        r"(?:redefinir|resetar|remover|desativar|recuperar|perdi) (?:o |meu )?(?:2fa|autenticador)",
        r"(?:reinitialiser|desactiver|supprimer|recuperer|perdu) (?:la |le |mon |ma )?(?:2fa|double authentification|"
        r"authentificateur)",
        r"(?:2fa|authenticator|zwei-faktor\w*)(?: \w+){0,2} (?:zurucksetzen|deaktivieren|verloren|entfernen)",
        r"(?:reimpostare|resettare|disattivare|rimuovere|perso) (?:la |il |mio )?(?:2fa|autenticatore)",
        r"(?:2fa|authenticator)(?: \w+){0,2} (?:resetten|uitschakelen|kwijt)",
        r"(?:reset|zresetowac|wylaczyc|stracilem|zgubilem)(?: \w+){0,1} (?:2fa|uwierzytelnian\w*|authenticator)",
        r"(?:сброс\w*|сбросить|отключ\w*|потерял\w*) (?:\w+ )?(?:2fa|двухфактор\w*|аутентификатор\w*|гугл аутентиф\w*)",
        r"(?:скину\w*|скидання|вимкн\w*|втратив\w*) (?:\w+ )?(?:2fa|двофактор\w*|автентифікатор\w*)",
        r"(?:2fa|dogrulayici|authenticator)\S*(?: \w+){0,2} (?:sifirla\w*|kaldir\w*|kaybettim|kapat\w*)",
        "(?:2fa|[2二]段階認証|認証アプリ)(?:を|の)?(?:リセット|解除|紛失|無効)",
        "(?:2fa|otp|구글 ?인증|2단계 인증)(?:을|를)? ?(?:초기화|재설정|해제|분실)",
        "(?:重置|解绑|关闭|丢失|找回)(?:\\S{0,2})(?:2fa|谷歌验证|身份验证器|二次验证)",
        r"(?:dat lai|reset|tat|mat) (?:\w+ )?(?:2fa|xac thuc 2 lop|google authenticator)",
        r"(?:reset|atur ulang|nonaktifkan|hilang) (?:\w+ )?(?:2fa|autentikator|google authenticator)",
        "(?:รีเซ็ต|ปิด|ทำหาย)(?:\\S{0,3})(?:2fa|กูเกิลออเทน)", r"(?:إعادة تعيين|تعطيل|فقدت) (?:\S+ )?(?:2fa|المصادقة)",
        r"(?:ریست|غیرفعال|بازنشانی|گم) (?:\S+ )?(?:2fa|احراز هویت دو مرحله)", r"(?:2fa|ऑथेंटिकेटर) (?:रीसेट|हटा)",
        r"(?:i-?reset|alisin) (?:ang )?(?:2fa|authenticator)",
    ),
)  # fmt: skip

ASKS_WITHDRAWAL_UNLOCK = Lexicon(
    "asks_withdrawal_unlock",
    (
        r"(?:unlock|unfreeze|unblock|release|lift|enable)(?: \w+){0,3} (?:withdrawals?|withdrawal hold|funds|account)",
        r"withdrawals?(?: \w+){0,3} (?:locked|frozen|blocked|disabled|on hold|suspended)",
        r"(?:desbloquear|liberar)(?: \w+){0,2} (?:retiros?|fondos|cuenta|saques?|conta)",
        r"(?:debloquer|liberer|degeler)(?: \w+){0,2} (?:retraits?|fonds|compte)",
        r"(?:auszahlung\w*|konto)(?: \w+){0,2} (?:entsperren|freigeben|freischalten)",
        r"(?:sbloccare|sbloccate) (?:\w+ )?(?:prelievi|fondi|conto)", r"(?:opnames?|rekening) (?:\w+ )?(?:deblokkeren|vrijgeven)",
        r"(?:odblokowac|odblokujcie|odblokuj) (?:\w+ )?(?:wyplat\w*|konto|srodki)",
        r"(?:разблокир\w*|разморо\w*) (?:\w+ )?(?:вывод\w*|средств\w*|аккаунт\w*|сч[её]т\w*)",
        r"(?:розблок\w*|розмороз\w*) (?:\w+ )?(?:виведенн\w*|кошт\w*|акаунт\w*|рахун\w*)",
        r"(?:cekim|hesab\w*)(?: \w+){0,2} (?:kilidini ac\w*|ac\w*)",
        "(?:出金|口座)(?:を|の)?(?:ロック解除|凍結解除)", "(?:출금|계정) ?(?:잠금 해제|동결 해제|풀어)",
        "(?:解冻|解除)(?:\\S{0,2})(?:提现|提币|账户|账号)", r"(?:mo khoa) (?:\w+ )?(?:rut tien|tai khoan)",
        r"(?:buka blokir|buka kunci) (?:\w+ )?(?:penarikan|akun)", "(?:ปลดล็อก)(?:การถอน|บัญชี)",
        r"(?:فك|رفع) (?:تجميد|حظر) (?:السحب|الحساب)", r"(?:رفع مسدودی|باز کردن) (?:برداشت|حساب)",
        r"(?:विड्रॉल|खाता) (?:अनलॉक|खोल)", r"(?:i-?unlock) (?:ang )?(?:withdrawal|account)",
    ),
)  # fmt: skip

ASKS_API_KEY_REVOKE = Lexicon(
    "asks_api_key_revoke",
    (
        r"(?:revoke|delete|disable|remove|cancel|deactivate)(?: \w+){0,2} api[ -]?keys?",
        r"api[ -]?keys?(?: \w+){0,3} (?:revoked|deleted|disabled|leaked|stolen|compromised)",
        r"(?:revocar|eliminar|desactivar|revogar|excluir|desativar|revoquer|supprimer|widerrufen|loschen|revocare|"
        r"eliminare|intrekken|uniewaznic|usunac|отозвать|удалить|відкликати|видалити|iptal et|sil)(?: \w+){0,2} "
        r"(?:las |los |as |os |les |la |le |die )?(?:claves? )?(?:api[ -]?(?:keys?|schlussel|sleutel\w*|klucz\w*|ключ\w*)?)",
        "api(?:キー|key)(?:を|の)?(?:削除|無効)", "api ?키(?:를)? ?(?:삭제|비활성|폐기)", "(?:删除|撤销|禁用)(?:\\S{0,2})api",
        r"(?:thu hoi|xoa) (?:\w+ )?api", r"(?:cabut|hapus) (?:\w+ )?(?:kunci )?api", r"(?:ลบ|ยกเลิก) ?(?:คีย์ )?api",
        r"(?:إلغاء|حذف) (?:مفتاح )?api", r"(?:لغو|حذف) (?:کلید )?api", r"api (?:की )?(?:हटा|रद्द)",
    ),
)  # fmt: skip

ASKS_LIMIT_RAISE = Lexicon(
    "asks_limit_raise",
    (
        r"(?:raise|increase|lift|higher|extend|up) (?:my |the )?(?:daily |withdrawal )*limits?",
        r"limits?(?: \w+){0,2} (?:raised|increased|higher)",
        r"(?:aumentar|subir|elevar) (?:el |mi |o |meu )?limite", r"(?:augmenter|relever) (?:la |ma |le |mon )?(?:limite|plafond)",
        r"(?:limit|auszahlungslimit)(?: \w+){0,2} (?:erhohen|anheben)", r"(?:aumentare|alzare) (?:il )?limite",
        r"(?:limiet) (?:\w+ )?(?:verhogen)", r"(?:zwiekszyc|podniesc) (?:\w+ )?limit\w*",
        r"(?:увеличить|поднять|повысить) (?:\w+ )?лимит\w*", r"(?:збільшити|підняти) (?:\w+ )?ліміт\w*",
        r"limit\w* (?:artir\w*|yukselt\w*)", "(?:限度額|上限)(?:を)?(?:上げ|引き上げ)", "한도(?:를)? ?(?:상향|올려|늘려)",
        "(?:提高|提升|增加)(?:\\S{0,2})(?:额度|限额|提现限额)", r"(?:tang|nang) (?:\w+ )?han muc",
        r"(?:naikkan|tingkatkan) (?:\w+ )?limit", "(?:เพิ่ม)(?:วงเงิน|ลิมิต)", r"(?:رفع|زيادة) (?:حد|الحد)",
        r"(?:افزایش) (?:سقف|محدودیت)", r"(?:लिमिट) (?:बढ़ा)", r"(?:taasan) (?:ang )?limit",
    ),
)  # fmt: skip

# The high-risk actions a customer may ask for in words; each maps to approvals.models.ActionKind.
HIGH_RISK_ASKS: tuple[Lexicon, ...] = (
    ASKS_2FA_RESET,
    CONTACT_CHANGE,
    ASKS_WITHDRAWAL_UNLOCK,
    ASKS_API_KEY_REVOKE,
    ASKS_LIMIT_RAISE,
)

# What in a message shows the writer is asserting they are a given customer: an address, an exchange
# user id, or words for "my account".
ACCOUNT_CLAIM = re.compile(
    r"[^\s@]+@[^\s@]+\.\w+|\b(?:uid|user ?id|account (?:id|number|no))\b|\bEX-\d{3,}\b|\b\d{6,12}\b|"
    r"(?<!\w)(?:my account|mi cuenta|minha conta|mon compte|mein konto|il mio account|mijn account|moje konto|"
    r"мой аккаунт|мой акк|мій акаунт|hesabim|hesabım|akun saya|tai khoan cua toi|aking account|حسابي|حساب من|"
    r"मेरा खाता|mera account)(?!\w)|私のアカウント|내 계정|我的账户|我的账号|บัญชีของฉัน",
    re.IGNORECASE,
)

# tier 0's rules that count here, with the code each fact takes; read on the original text.
_TIER0_RULES: dict[str, str] = {
    "remote_access": "remote_access",
    "safe_wallet": "safe_wallet",
    "claims_staff": "claims_staff",
    "acting_for_owner": "acting_for_owner",
    "bypass_check": "bypass_check",
    "transfer_requested": "transfer_requested",
    "pressure": "pressure",
    "secret_asked_or_given": "secret_shared",
    "seed_phrase": "seed_phrase",
}
_OWN: tuple[Lexicon, ...] = (
    URGENCY,
    THREAT,
    CLAIMS_AUTHORITY,
    CLAIMS_STAFF,
    BYPASS,
    REMOTE_ACCESS,
    SECURE_ACCOUNT,
    *HIGH_RISK_ASKS,
)


@dataclass(frozen=True)
class TextHit:
    """One kind of signal found in the text, with the words that triggered it (as written)."""

    code: str
    words: tuple[str, ...]


def text_signals(text: str) -> list[TextHit]:
    """Every signal in `text`, one hit per code, the words of tier 0's rules and ours merged."""
    found: dict[str, list[str]] = {}
    folded = fold(text)
    for item in _OWN:
        words = item.matches(folded, text)
        if words:
            found.setdefault(item.code, []).extend(words)
    for rule in (*lexicon.SOCIAL_ENGINEERING, *lexicon.SEED):
        code = _TIER0_RULES.get(rule.name)
        if code is None:
            continue
        words = [m.group(0).strip() for m in rule.pattern.finditer(text)][:3]
        if words:
            found.setdefault(code, []).extend(words)
    out = []
    for code, words in found.items():
        unique: list[str] = []
        for word in words:
            if word and word.casefold() not in {u.casefold() for u in unique}:
                unique.append(word)
        out.append(TextHit(code, tuple(unique[:3])))
    return out


def asks_high_risk_action(text: str) -> bool:
    """Whether the customer asks, in words, for one of the actions two-person approval guards."""
    folded = fold(text)
    return any(item.matches(folded, text) for item in HIGH_RISK_ASKS)


def claims_an_account(text: str) -> bool:
    """Whether the writer names an account as theirs: an address, a user id, "my account"."""
    return bool(ACCOUNT_CLAIM.search(text))
