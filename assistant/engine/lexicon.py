# ruff: noqa: RUF001, E501, SIM905
# (Phrases in twenty languages: their letters and long alternations are the point.)
"""Transparent, multilingual marker rules: what in the text made a flag true, in words an agent can check.

Each rule is a named list of phrases in the languages customers write (English, Spanish, Portuguese,
French, German, Italian, Dutch, Polish, Russian, Ukrainian, Turkish, Indonesian, Vietnamese, Filipino,
Chinese, Japanese, Korean, Thai, Arabic, Persian, Hindi). A hit returns the rule's reason and the words
matched ("mentions a remote-access tool: AnyDesk"). The rules err toward true for social engineering and
distress: a false alarm costs a person's minute, a miss can cost a customer's savings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _alternation(phrases: list[str]) -> str:
    parts = []
    for phrase in phrases:
        # Word boundaries mean nothing in scripts written without spaces.
        if _CJK.search(phrase):
            parts.append(f"(?:{phrase})")
        else:
            parts.append(rf"(?<!\w)(?:{phrase})(?!\w)")
    return "|".join(parts)


@dataclass(frozen=True)
class Rule:
    name: str
    reason: str  # "mentions a remote-access tool"; the words matched follow after a colon
    pattern: re.Pattern[str]

    def find(self, text: str) -> str | None:
        """The reason with the words that triggered it, or None."""
        hits: list[str] = []
        for match in self.pattern.finditer(text):
            word = match.group(0).strip()
            if word and word.lower() not in {h.lower() for h in hits}:
                hits.append(word)
            if len(hits) == 3:
                break
        if not hits:
            return None
        return f"{self.reason}: " + ", ".join(f'"{h}"' for h in hits)


def rule(name: str, reason: str, phrases: list[str]) -> Rule:
    return Rule(name, reason, re.compile(_alternation(phrases), re.IGNORECASE))


_RELATIVES_EN = (
    r"(?:father|mother|dad|mom|mum|husband|wife|son|daughter|brother|sister|grand(?:father|mother|pa|ma)|"
    r"uncle|aunt|boss|client|employer|friend|partner|girlfriend|boyfriend|cousin)"
)

SOCIAL_ENGINEERING: tuple[Rule, ...] = (
    rule(
        "remote_access",
        "mentions a remote-access or screen-sharing tool",
        [
            "any ?desk",
            "team ?viewer",
            "rust ?desk",
            "ultra ?viewer",
            "quick ?support",
            "supremo",
            "splashtop",
            "screen ?shar(?:e|ing)",
            "share (?:my|the|your) screen",
            "compartir (?:la |mi )?pantalla",
            "compartilhar (?:a |minha )?tela",
            "partage d'écran",
            "partager (?:mon |l')écran",
            "bildschirm ?(?:teilen|freigabe|freigeben)",
            "condivi\\w* (?:lo )?schermo",
            "scherm delen",
            "udostępni\\w* ekran",
            "демонстраци\\w* экрана",
            "демонстраці\\w* екрана",
            "ekran paylaş\\w*",
            "berbagi layar",
            "chia sẻ màn hình",
            "共享屏幕",
            "远程控制",
            "画面共有",
            "遠隔操作",
            "화면 공유",
            "원격",
            "แชร์หน้าจอ",
            "مشاركة الشاشة",
            "اشتراک صفحه",
            "स्क्रीन शेयर",
        ],
    ),
    rule(
        "secret_asked_or_given",
        "someone asked for or was given a code, password or seed phrase",
        [
            # English: asked for / gave / sent / shared / typed the code, password or seed.
            r"(?:asked|asking|asks|wants|wanted|requested)(?: me)? (?:for )?(?:my |the |a |his |her )?"
            r"(?:\w+ ){0,2}(?:code|codes|otp|password|seed|phrase|private key|pin)",
            r"(?:gave|given|give|sent|send|shared|share|told|tell|read)(?: him| her| them| it)? "
            r"(?:my |the |a |him |her |them )?(?:\w+ ){0,2}(?:code|codes|otp|password|seed|phrase|private key|pin)",
            r"(?:typed|entered|put|logged in|signed in)(?: in)? (?:my )?(?:password|credentials|login|seed|"
            r"code|2fa|details)",
            r"(?:code|password|seed|phrase)s? (?:to|with) (?:him|her|them|the (?:agent|guy|man|woman))",
            # Spanish / Portuguese / Italian
            r"(?:me )?(?:pide|pidió|pidieron|piden|pedía|pediu|pedem|pediram|chiede|chiesto) "
            r"(?:\w+ ){0,3}(?:código|codigo|contraseña|clave|frase|senha|codice|password)",
            r"(?:le |les )?(?:di|dí|he dado|di el|passei|dei|mandei|enviei|ho dato|gli ho dato|dato) "
            r"(?:\w+ ){0,3}(?:código|codigo|contraseña|clave|frase|senha|codice|password)",
            r"(?:se lo doy|le doy el código|devo dar|posso passar|glielo do)",
            r"(?:ingresé|puse|escribí|coloquei|digitei|inseri|ho inserito|ho messo) "
            r"(?:\w+ ){0,2}(?:contraseña|clave|datos|senha|dados|password|credenziali)",
            # French / German / Dutch / Polish
            r"(?:demande|demandé|demandait)(?: \w+){0,4} (?:code|mot de passe|phrase)",
            r"(?:donné|envoyé|communiqué|transmis|mis|saisi|tapé)(?: \w+){0,3} (?:code|mot de passe|phrase)",
            r"(?:code|passwort|kennwort|phrase)(?: \w+){0,3} (?:gegeben|geschickt|genannt|eingegeben|verlangt)",
            r"(?:gab|gebe|habe) (?:ihm|ihr|ihnen)(?: \w+){0,3} (?:code|passwort)",
            r"(?:hij|zij|ze) (?:vroeg|vraagt|wil)(?: \w+){0,4} (?:code|wachtwoord|zin)",
            r"(?:code|wachtwoord)(?: \w+){0,3} (?:gegeven|gestuurd|ingevuld|doorgegeven)",
            r"(?:dałem|dałam|podałem|podałam|wpisałem|wpisałam|wysłałem mu|przekazałem)(?: \w+){0,3} "
            r"(?:kod|hasło|frazę)",
            r"(?:prosi|prosił|prosiła|chce)(?: \w+){0,3} (?:o )?(?:kod|hasło|frazę)",
            # Russian / Ukrainian / Turkish
            r"(?:дал|дала|сказал|сказала|продиктовал|продиктовала|ввел|ввёл|ввела|отправил|отправила)"
            r"(?: \w+){0,3} (?:код|пароль|фраз\w*|сид)",
            r"(?:дав|дала|сказав|продиктував|ввів|ввела|надіслав)(?: \w+){0,3} (?:код|пароль|фраз\w*|сід)",
            r"(?:просит|просил|просила|просять|просить|попросив|попросил)(?: \w+){0,3} (?:код|пароль|фраз\w*|"
            r"сид|сід|seed)",
            r"(?:kodu|şifremi|şifreyi|parolamı)(?: \w+){0,2} (?:verdim|söyledim|girdim|istedi|istiyor)",
            r"(?:kod\w*|şifre\w*|parola\w*)(?: \w+){0,2} (?:verdim|söyledim|girdim|istedi|istiyor)",
            r"memasukkan (?:\w+,? ){0,4}(?:password|kata sandi|kode)",
            r"(?:hinihingi|hiningi)(?: \w+){0,3} (?:code|otp|password)",
            r"binigay ko",
            r"(?:otp|code|password|pin)(?: \w+){0,2} (?:maang|mang|de diya|bata diya)",
            r"inserito (?:\w+,? ){0,5}(?:password|codice)",
            "(?:رمزم|رمز عبورم|کدم)(?: \\S+){0,2} (?:وارد کردم|دادم)",
            "(?:کد)(?: \\S+){0,4} (?:میخواد|می‌خواد|میخواهد)",
            "(?:验证码|密码|谷歌验证)(?:\\S{0,4})(?:发到|发给)",
            # Indonesian / Vietnamese / Filipino
            r"(?:minta|meminta|memberikan|kasih|kirim|saya berikan)(?: \w+){0,3} (?:kode|otp|password|kata sandi|"
            r"frasa)",
            r"(?:đưa|cho|gửi|đọc|nhập)(?: \w+){0,3} (?:mã|otp|mật khẩu|cụm từ)",
            r"(?:hỏi|xin|yêu cầu)(?: \w+){0,3} (?:mã|otp|mật khẩu)",
            r"(?:binigay|ibinigay|hiningi|humingi)(?: \w+){0,3} (?:code|otp|password)",
            # Chinese / Japanese / Korean / Thai / Arabic / Persian / Hindi
            "(?:给了|告诉了|告诉|发给|要我的?|索要|问我要)[^。！？\n]{0,8}(?:验证码|密码|助记词|私钥|谷歌验证)",
            "(?:验证码|密码|助记词|私钥)[^。！？\n]{0,6}(?:给了|告诉|发给)",
            "(?:コード|パスワード|シードフレーズ|秘密鍵)[^。！？\n]{0,8}(?:教え|伝え|送っ|入力し|聞かれ)",
            "(?:코드|비밀번호|인증번호|시드)[^.!?\n]{0,8}(?:알려|보내|입력했|달라)",
            "(?:รหัส|otp|รหัสผ่าน)[^\n]{0,10}(?:ให้ไป|บอกไป|ขอ)",
            r"(?:أعطيته|أرسلت|طلب(?:وا)? مني)(?: \S+){0,3} (?:الرمز|الكود|كلمة المرور)",
            r"(?:کد|رمز)(?: \S+){0,3} (?:را دادم|را خواست|رو دادم|خواست)",
            r"(?:कोड|पासवर्ड|ओटीपी|otp)(?: \S+){0,3} (?:दे दिया|बता दिया|मांग)",
        ],
    ),
    rule(
        "safe_wallet",
        "is told to move funds to a 'safe' wallet or address",
        [
            "(?:safe|secure|safety|protected|secured) (?:wallet|address)",
            "(?:wallet|address) (?:to keep|for safe)",
            "(?:billetera|cartera|monedero|direcci[oó]n) (?:segura|protegida)",
            "carteira (?:segura|protegida)",
            "endere[cç]o seguro",
            "portefeuille (?:s[ée]curis[ée]|s[ûu]r)",
            "adresse s[ée]curis[ée]e",
            "sicher\\w* (?:wallet|adresse|konto)",
            "portafoglio sicuro",
            "indirizzo sicuro",
            "veilig\\w* (?:adres|wallet|portemonnee)",
            "bezpieczn\\w* (?:portfel|adres)",
            "безопасн\\w* (?:кош\\w*|адрес\\w*|сч[её]т\\w*)",
            "безпечн\\w* (?:гаман\\w*|адрес\\w*|рахун\\w*)",
            "güvenli (?:cüzdan|adres|hesap)",
            "dompet aman",
            "alamat aman",
            "ví an toàn",
            "địa chỉ an toàn",
            "ligtas na wallet",
            "安全钱包",
            "安全(?:的)?地址",
            "安全なウォレット",
            "安全なアドレス",
            "안전(?:한)? (?:지갑|주소)",
            "กระเป๋า(?:เงิน)?ที่ปลอดภัย",
            "محفظة آمنة",
            "کیف پول امن",
            "सुरक्षित वॉलेट",
        ],
    ),
    rule(
        "claims_staff",
        "someone claims to be the exchange's staff, or the police",
        [
            r"(?:says?|said|claim(?:s|ed|ing)?|pretend\w*|calling|posing as|introduced (?:him|her)self as)"
            r"(?: to be)?(?: from| with)?(?: \w+){0,2} (?:support|security|fraud|compliance|staff|team|"
            r"department|agent|employee|officer|manager|police)",
            r"(?:support|security|fraud) (?:guy|agent|team|department|officer|person)\b(?: \w+){0,3} "
            r"(?:called|texted|messaged|wrote|contacted|asked|told|says|said|is asking)",
            r"(?:i am|i'm|im|this is|we are) (?:a |an |the )?(?:\w+ )?(?:police|officer|investigator|detective|"
            r"agent|lawyer|attorney|accountant|assistant|secretary)",
            "(?:called|texted|messaged|contacted) me (?:on|via|through) (?:whatsapp|telegram|instagram|phone|sms)",
            r"(?:dice|dijo|dicen) (?:que )?(?:es|ser|son) (?:del|de|un) (?:\w+ ){0,2}"
            r"(?:soporte|seguridad|equipo|agente|policía)",
            r"(?:agente|empleado|técnico|funcionário|atendente|analista) (?:de|do|da) "
            r"(?:soporte|suporte|seguridad|segurança)",
            r"(?:me )?(?:ligou|ligaram|llamó|llamaron|escribió|escreveu|chamou)(?: \w+){0,4} "
            r"(?:suporte|soporte|segurança|seguridad)",
            "(?:se )?dit (?:être|etre) (?:du|de la|de l'|un|une)",
            "(?:qui|il|elle) (?:dit|prétend) (?:être|etre|venir)",
            "(?:service|équipe) (?:sécurité|fraude|support)(?: \\w+){0,3} (?:m'a|me) ",
            "(?:mitarbeiter|support|sicherheitsteam|betrugsabteilung)(?: \\w+){0,3} (?:hat mich|rief|ruft|schrieb)",
            "(?:gibt sich als)",
            "(?:afdeling|medewerker|helpdesk|support)(?: \\w+){0,3} (?:belt|belde|stuurde|vraagt|zegt)",
            "(?:dice|dicono) di essere",
            "(?:konsultant|pracownik|support|dział)(?: \\w+){0,3} (?:napisał|dzwonił|zadzwonił|prosi)",
            "(?:служб\\w* (?:безопасности|безпеки|поддержки|підтримки))",
            "(?:представил\\w*|назвал\\w*|представи\\w*)(?: \\w+){0,2} (?:сотрудник\\w*|співробітник\\w*)",
            "(?:destek|güvenlik) (?:ekibi|ekibinden|birimi)(?: \\w+){0,3} (?:aradı|yazdı|istedi)",
            "(?:mengaku|ngaku) (?:dari|sebagai)",
            "(?:tự xưng|mạo danh|nhân viên (?:hỗ trợ|bảo mật))",
            "(?:nagpakilala|nagpanggap)",
            "(?:自称)",
            "(?:サポートを名乗|を名乗る|サポート担当者から)",
            "(?:직원이라고|고객센터라고)",
            "(?:อ้างว่า|แอบอ้าง)",
            "(?:يدعي|ادعى|انتحل)",
            "(?:ادعا کرد|خودش را|خود را (?:پشتیبانی|کارمند))",
            "(?:खुद को|बताकर) (?:\\S+ ){0,2}(?:सपोर्ट|कर्मचारी|पुलिस)",
            r"khud ko (?:\w+ ){0,2}(?:support|staff|agent|police)",
            r"(?:support|staff|agent|cs) (?:daw|bol raha|bol rahi|bata raha)",
            r"(?:temsilcisi|destek|yetkili) diye (?:arayan|yazan)",
            r"(?:میگه|می‌گه|گفت) (?:\S+ ){0,1}(?:پشتیبانی|کارمند)",
            r"(?:support|soporte|suporte|support) (?:guy|agent|person)? ?(?:on|en|no|via) (?:whatsapp|telegram|instagram)",
            r"(?:escribió|escreveu|wrote|messaged|texted|called|napisał|пише|написал|belt)(?: \w+){0,3} "
            r"(?:por|on|via|na|в|op|en) (?:whatsapp|telegram|instagram|телеграм\w*)",
        ],
    ),
    rule(
        "acting_for_owner",
        "writes for someone else's account (a relative, a client, an employer)",
        [
            rf"(?:my|for my|of my) {_RELATIVES_EN}(?:'s|s)? (?:account|2fa|email|login)",
            rf"account (?:of|for|belonging to) my {_RELATIVES_EN}",
            rf"(?:writing|asking|contacting you|acting) (?:for|on behalf of) (?:my )?{_RELATIVES_EN}",
            "on (?:his|her|their|the owner's|the holder's) behalf",
            "on behalf of",
            "(?:power of attorney|i am his|i am her|i'm his|i'm her) ",
            "(?:cuenta|correo|2fa) de mi (?:padre|papá|madre|mamá|esposo|esposa|marido|mujer|hijo|hija|hermano|"
            "hermana|abuelo|abuela|jefe|cliente|tío|tía|novio|novia)",
            "(?:conta|e-?mail|2fa) d[oa] (?:meu|minha) (?:pai|mãe|marido|esposa|mulher|filho|filha|irmão|irmã|"
            "avô|avó|chefe|cliente|tio|tia)",
            "(?:sou|soy) (?:o |el |la |a )?(?:advogad[oa]|abogad[oa]|contador|contadora|assistente|asistente|"
            "secretári[oa]|secretari[oa]|procurador)",
            "(?:compte|e-?mail|2fa) de (?:mon|ma) (?:père|mère|mari|femme|fils|fille|frère|sœur|soeur|patron|"
            "client|grand-père|grand-mère|oncle|tante)",
            "(?:konto|e-?mail|zugang) (?:meines|meiner|von meinem|von meiner) (?:\\w+)",
            "(?:steuerberater|anwalt|assistent|sekretärin) (?:von|des|der)",
            "(?:conto|account|email|2fa) di (?:mio|mia) (?:padre|madre|marito|moglie|figlio|figlia|fratello|"
            "sorella|nonno|nonna|capo|cliente)",
            "(?:account|rekening|e-?mail) van (?:mijn|m'n) (?:vader|moeder|man|vrouw|zoon|dochter|broer|zus|opa|"
            "oma|baas|klant)",
            "ik ben (?:zijn|haar) (?:zoon|dochter|broer|zus|vrouw|man|advocaat|assistent)",
            "(?:konto|e-?mail) (?:mojego|mojej|mego) (?:\\w+)",
            "(?:аккаунт|акаунт|счет|рахунок|почт\\w*|2fa) (?:моего|моей|мого|моєї) (?:\\w+)",
            "(?:babamın|annemin|eşimin|kocamın|karımın|oğlumun|kızımın|kardeşimin|patronumun|müşterimin) "
            "(?:hesab\\w*|e-?posta\\w*|2fa)",
            "(?:akun|email|2fa) (?:ayah|ibu|bapak|suami|istri|anak|kakak|adik|bos|klien|nenek|kakek) saya",
            "tài khoản (?:của )?(?:bố|ba|mẹ|má|chồng|vợ|con|anh|chị|em|sếp|ông|bà) (?:tôi|mình|em)",
            "(?:account|2fa|email) ng (?:tatay|nanay|asawa|anak|kapatid|lolo|lola|boss|amo) ko",
            "(?:我爸|我妈|我父亲|我母亲|我老公|我老婆|我丈夫|我妻子|我儿子|我女儿|我哥|我姐|我弟|我妹|老板|客户)的?(?:账户|账号|帐号|邮箱)",
            "(?:父|母|夫|妻|息子|娘|兄|姉|上司|祖父|祖母)の(?:アカウント|口座|メール)",
            "(?:아버지|어머니|아빠|엄마|남편|아내|아들|딸|형|누나|사장님)(?:의)? (?:계정|이메일)",
            "(?:บัญชีของ)(?:พ่อ|แม่|สามี|ภรรยา|ลูก|พี่|น้อง|เจ้านาย)",
            "حساب (?:والدي|أبي|أمي|زوجي|زوجتي|ابني|ابنتي|أخي|أختي|مديري)",
            "حساب (?:پدرم|مادرم|همسرم|شوهرم|پسرم|دخترم|برادرم|خواهرم|رئیسم)",
            "(?:पिता|पापा|मां|माँ|पति|पत्नी|बेटे|बेटी|भाई|बहन|बॉस)(?: \\S+){0,1} (?:का|की) (?:अकाउंट|खाता)",
            r"(?:mere|meri|mera) \w+ (?:ka|ki) account",
            r"(?:akun|account) (?:teman|kawan|pacar) saya",
            r"my friend'?s? account",
            r"i (?:know|have) (?:his|her|their) (?:password|email|e-mail|login)",
            r"(?:sé|sei|conheço|connais|kenne|conosco|weet|знаю) (?:su|a sua|son|sein|la sua|zijn|его|її) "
            r"(?:contraseña|senha|mot de passe|passwort|password|wachtwoord|пароль)",
            "비밀번호는 (?:압니다|알아요)",
            r"minta saya urus",
            "(?:владельца|власника) (?:аккаунта|акаунта|счета|рахунку)",
            "(?:я|і) (?:помощник|помічник|секретарь|секретар|юрист|адвокат)",
            "(?:秘书|助理|助手)",
            "(?:账户|账号)主人",
            "계정 주인",
            "صاحب الحساب",
            "صاحب حساب",
            "เจ้าของ(?:บัญชี)?(?:จริง|ตัวจริง)",
        ],
    ),
    rule(
        "bypass_check",
        "asks to skip or bypass a verification, check or hold",
        [
            "(?:skip|bypass|avoid|ignore|disable|remove|lift|turn off|waive|override)(?: \\w+){0,3} "
            "(?:verification|kyc|check|checks|2fa|hold|selfie|video|security|review|questions|that part|"
            "the lock|the freeze|procedure|process)",
            "without (?:any |the |a |your )?(?:verification|verifying|kyc|selfie|video|id|documents?|checks?|"
            "questions|review)",
            "(?:no|don't have) time for (?:\\w+ ){0,2}(?:verification|kyc|selfie|video|questions|documents|checks)",
            "(?:can't|cannot|can not|won't|will not|not able to) (?:do|send|make|provide|pass) (?:\\w+ ){0,2}"
            "(?:selfie|video|verification|kyc|face|documents?|id)",
            "(?:sin|saltar|saltarse|omitir|evitar|quitar) (?:la |el |los |las )?(?:verificaci[oó]n|selfie|"
            "video|documentos?|comprobaci[oó]n|control)",
            "no (?:puedo|podemos|tengo) (?:mandar|enviar|hacer) (?:\\w+ ){0,2}(?:selfie|video|verificaci[oó]n)",
            "(?:sem|pular|evitar|ignorar) (?:a |o |as |os )?(?:verifica[cç][aã]o|selfie|v[ií]deo|documentos?)",
            "(?:não|nao) (?:temos como|posso|consigo|dá para) (?:fazer|mandar|enviar) (?:a |o )?"
            "(?:verifica[cç][aã]o|selfie|v[ií]deo)",
            "(?:sans|contourner|ignorer|sauter) (?:la |le |les )?(?:v[ée]rification|selfie|vid[ée]o|contr[ôo]le)",
            "(?:ohne|überspringen|umgehen) (?:\\w+ ){0,2}(?:verifizierung|prüfung|selfie|video|identifizierung)",
            "(?:identifizierung|verifizierung|video)(?: \\w+){0,3} (?:nicht möglich|geht nicht|kann nicht)",
            "(?:senza|saltare|evitare) (?:la |il )?(?:verifica|selfie|video)",
            "non (?:può|posso|possiamo) fare (?:il |la )?(?:video|verifica|selfie)",
            "(?:zonder|overslaan) (?:\\w+ ){0,2}(?:verificatie|selfie|video|controle|documenten)",
            "geen (?:tijd|documenten|selfie)",
            "(?:bez|pominąć|pomińcie) (?:\\w+ ){0,1}(?:weryfikacji|selfie|wideo|dokumentów)",
            "nie mam czasu na",
            "без (?:\\w+ ){0,1}(?:верификаци\\w*|проверк\\w*|перевірк\\w*|верифікаці\\w*|селфи|селфі|видео|відео|"
            "документ\\w*)",
            "(?:doğrulama|selfie|video|kimlik)(?: \\w+){0,2} (?:olmadan|yapamam|yapamıyor|atla)",
            "(?:tanpa|lewati|skip) (?:\\w+ ){0,1}(?:verifikasi|selfie|video|dokumen)",
            "(?:không cần|bỏ qua) (?:\\w+ ){0,1}(?:xác minh|selfie|video|giấy tờ)",
            "(?:walang|laktawan) (?:\\w+ ){0,1}(?:verification|selfie|video)",
            "(?:跳过|不要|无需|不用|免)(?:\\S{0,2})(?:验证|认证|审核|自拍|视频)",
            "(?:認証|本人確認|セルフィー)(?:なし|を省略|をスキップ|できない)",
            "(?:인증|셀카|영상)(?: 없이| 생략| 건너뛰| 못)",
            "(?:ข้าม|ไม่ต้อง)(?:การ)?(?:ยืนยัน|เซลฟี่)",
            "(?:بدون|تخطي) (?:التحقق|السيلفي|الفيديو)",
            "بدون تحقق",
            "ไม่ต้อง(?:ถาม|ยืนยัน|ตรวจ)",
            "没时间(?:做)?(?:人脸|验证|认证|自拍)",
            "直接(?:帮\\S{0,2})?(?:关闭|重置|解绑|关掉)",
            r"verification nahi",
            "(?:신분증|인증)(?:은|는)? (?:지금 )?(?:없|못)",
            "(?:بدون|بدون نیاز به) (?:احراز|تایید|سلفی|ویدیو)",
            "(?:बिना) (?:\\S+ ){0,1}(?:वेरिफिकेशन|सत्यापन|सेल्फी|वीडियो)",
        ],
    ),
    rule(
        "transfer_requested",
        "someone asked the customer to send or move funds",
        [
            r"(?:told|asked|wants|instructed|asking|says?|said)(?: me)?(?: \w+){0,3} (?:to )?(?:send|transfer|move|"
            r"withdraw|deposit|pay)",
            r"(?:need|have) to (?:send|pay|transfer) (?:\S+ ){0,3}to (?:unlock|verify|release|activate)",
            r"to (?:unlock|verify|release|activate|unfreeze) (?:my |the )?(?:account|funds|wallet|withdrawal)",
            r"(?:me )?(?:pide|pidió|pidieron|dice que|dijo que)(?: \w+){0,3} (?:transferir|enviar|mandar|mover|"
            r"pagar)",
            r"(?:pediu|pedem|disse)(?: \w+){0,3} (?:para )?(?:transferir|enviar|mandar|mover|pagar)",
            r"(?:demande|dit)(?: \w+){0,3} (?:de |d')?(?:transférer|envoyer|déplacer|payer|virer)",
            r"(?:soll|muss)(?: \w+){0,4} (?:überweisen|senden|schicken|transferieren)",
            r"(?:moet|moest)(?: \w+){0,4} (?:sturen|overmaken|overzetten)",
            r"(?:mam|muszę|kazał|każe)(?: \w+){0,3} (?:przelać|wysłać|przenieść)",
            r"(?:просит|попросил|сказал|велел|просить|сказав)(?: \w+){0,3} (?:перевести|отправить|переказати|"
            r"надіслати|перевести)",
            r"(?:göndermemi|transfer etmemi|yatırmamı)",
            r"(?:minta|menyuruh|suruh)(?: \w+){0,3} (?:transfer|kirim|pindahkan)",
            r"(?:bảo|yêu cầu)(?: \w+){0,3} (?:chuyển|gửi)",
            "(?:让我|要我|叫我|要求我)(?:\\S{0,4})(?:转|转账|转移|发送|充值)",
            "(?:送金|移す)(?:するように|してと|しろ)",
            "(?:송금|이체)(?:하라고|해달라고)",
        ],
    ),
    rule(
        "pressure",
        "puts pressure on support to act at once on access or identity",
        [
            r"(?:right now|immediately|today|asap|within (?:the next )?\d+ (?:minutes|hours))(?: \w+){0,6} "
            r"(?:or|otherwise)",
            r"(?:reset|remove|change|unlock|unfreeze|disable)(?: \w+){0,3} (?:now|immediately|right now|today|asap)",
            r"i(?:'m| am) the owner,? (?:obviously|trust me|of course)",
            "(?:otherwise|or else)(?: \\w+){0,3} (?:blocked|locked|closed|frozen|suspended|lost)",
            "(?:de lo contrario|si no)(?: \\w+){0,3} (?:bloquea|cierra|congela)",
            "(?:senão|caso contrário)(?: \\w+){0,3} (?:bloque|fecha|congela)",
            "(?:sinon)(?: \\w+){0,3} (?:bloqu|ferm|gel)",
            "(?:sonst)(?: \\w+){0,3} (?:gesperrt|gelöscht|geschlossen)",
            "(?:иначе|інакше)(?: \\w+){0,3} (?:заблок\\w*|закро\\w*|замороз\\w*)",
            "(?:yoksa|aksi halde)(?: \\w+){0,3} (?:kapat|dondur|engel)",
            "(?:kalau tidak|jika tidak)(?: \\w+){0,3} (?:diblokir|ditutup|dibekukan)",
            "(?:nếu không)(?: \\w+){0,3} (?:bị khóa|bị đóng|phong tỏa)",
            "(?:否则|不然)(?:\\S{0,6})(?:冻结|封号|锁定|关闭)",
        ],
    ),
)

SEED: tuple[Rule, ...] = (
    rule(
        "seed_phrase",
        "mentions a seed phrase or private key",
        [
            "seed ?phrase",
            "recovery phrase",
            "secret phrase",
            "mnemonic",
            "(?:12|24)[ -]words?",
            "private ?key",
            "frase semilla",
            "frase (?:de )?recuperaci[oó]n",
            "frase secreta",
            "frase (?:de )?recupera[cç][aã]o",
            "frase[ -]semente",
            "chave privada",
            "phrase (?:de )?r[ée]cup[ée]ration",
            "phrase secr[èe]te",
            "cl[ée] priv[ée]e",
            "wiederherstellungsphrase",
            "privater schl[üu]ssel",
            "seed[- ]?(?:frase|fraza|frazę|фраз\\w*)",
            "сид[- ]?фраз\\w*",
            "сід[- ]?фраз\\w*",
            "секретн\\w* фраз\\w*",
            "приватн\\w* ключ\\w*",
            "kurtarma (?:ifadesi|cümlesi)",
            "gizli anahtar",
            "frasa (?:pemulihan|rahasia)",
            "kunci pribadi",
            "cụm từ (?:khôi phục|bí mật)",
            "khóa riêng",
            "助记词",
            "私钥",
            "シードフレーズ",
            "秘密鍵",
            "복구 문구",
            "시드 ?문구",
            "개인 ?키",
            "วลีกู้คืน",
            "عبارة (?:الاسترداد|الاسترجاع)",
            "المفتاح الخاص",
            "عبارت بازیابی",
            "کلید خصوصی",
            "सीड फ्रेज़",
            "निजी कुंजी",
        ],
    ),
)

DISTRESS: tuple[Rule, ...] = (
    rule(
        "please_help",
        "asks for help in alarm",
        [
            "please help",
            "pls help",
            "plz help",
            "help me please",
            "help please",
            "somebody help",
            "help!+",
            "sos",
            "ayuda+ por favor",
            "por favor ay[uú]d\\w*",
            "ay[uú]denme",
            "ayudaa+",
            "socorro",
            "me ajudem",
            "por favor me ajud\\w*",
            "pelo amor de deus",
            "aidez[- ]moi",
            "au secours",
            "(?:bitte )?helft mir",
            "hilfe+",
            "aiutatemi",
            "vi prego",
            "aiuto",
            "help mij",
            "alsjeblieft help",
            "pomocy",
            "proszę,? pomóżcie",
            "помогите",
            "допоможіть",
            "рятуйте",
            "l[üu]tfen yard[ıi]m",
            "yard[ıi]m edin",
            "tolong bantu",
            "tolong+ (?:saya|aku)",
            "tooo*long",
            "giúp (?:tôi|em|mình) với",
            "cứu (?:tôi|em|với)",
            "tulungan (?:niyo|nyo) ako",
            "tulong",
            "救命",
            "求求",
            "帮帮我",
            "助けて",
            "도와주세요",
            "살려주세요",
            "ช่วยด้วย",
            "ساعدوني",
            "أرجوكم",
            "کمک کنید",
            "تو رو خدا",
            "मदद करो",
            "मदद कीजिए",
            "please,? (?:i beg|asap|urgent)",
            "i beg you",
            "proszę szybko",
        ],
    ),
    rule(
        "crying",
        "crying or panic emojis",
        ["😭", "😢", "😰", "😱", "😥", "😫", "💔", "🆘", "🙏", "😨", "😖", "😿"],
    ),
    rule(
        "savings",
        "says the money is everything they have",
        [
            "(?:all|whole|entire) (?:of )?my (?:life )?(?:savings|money)",
            "life savings",
            "everything i (?:have|had|own)",
            "all i (?:have|had)",
            "my (?:rent|tuition|pension|retirement)",
            "money for (?:my |the )?(?:rent|hospital|surgery|treatment|school|family)",
            "tod[oa]s? (?:mis|os meus|as minhas|o meu|mi) (?:ahorros|dinero|economias|dinheiro|poupanças?)",
            "todo lo que (?:tengo|tenía)",
            "tudo (?:o )?que eu tinha",
            "era tudo que",
            "la venta de mi (?:piso|casa)",
            "toutes mes économies",
            "tout mon argent",
            "tout ce que j'avais",
            "(?:alle|all) meine (?:ersparnisse|ersparnis)",
            "mein ganzes geld",
            "alles (?:weg|verloren)",
            "tutti i miei risparmi",
            "tutto quello che avevo",
            "al mijn (?:spaargeld|geld)",
            "(?:wszystkie|całe) moje oszczędności",
            "все мои (?:сбережения|деньги)",
            "всі мої (?:заощадження|гроші)",
            "на лікування",
            "на лечение",
            "(?:tüm|bütün) (?:birikimim|param)",
            "(?:semua|seluruh) (?:tabungan|uang) saya",
            "(?:toàn bộ|tất cả) (?:tiền tiết kiệm|tiền|số tiền)",
            "lahat ng (?:ipon|pera) ko",
            "全部(?:的)?(?:积蓄|存款|钱|家当)",
            "所有(?:的)?(?:积蓄|存款|钱)",
            "全財産",
            "貯金(?:を)?全部",
            "전 재산",
            "모든 (?:저축|돈)",
            "เงินเก็บทั้งหมด",
            "كل (?:مدخراتي|أموالي)",
            "(?:تمام|همه) (?:پس[‌ ]?انداز|پول)",
            "(?:सारी|पूरी) (?:बचत|जमा पूंजी)",
        ],
    ),
    rule(
        "panic",
        "says they are panicking or desperate",
        [
            "panic\\w*",
            "desperate",
            "at the end of my (?:rope|tether)",
            "at my wits'? end",
            "can'?t take (?:it|this) any ?more",
            "i'?m shaking",
            "can'?t sleep",
            "can'?t breathe",
            "freaking out",
            "losing my mind",
            "going to lose everything",
            "ruined",
            "kill myself",
            "suicid\\w*",
            "oh no",
            "i'm scared",
            "i am scared",
            "desesperad[oa]",
            "p[áa]nico",
            "no puedo dormir",
            "estoy temblando",
            "(?:tô|estou) com medo",
            "desesperad[oa]",
            "n[ãa]o consigo dormir",
            "d[ée]sesp[ée]r[ée]e?",
            "je suis à bout",
            "je panique",
            "verzweifelt",
            "ich zittere",
            "disperat[oa]",
            "wanhopig",
            "ik ben bang",
            "nie śpię",
            "zrozpaczon\\w*",
            "в панике",
            "паник\\w*",
            "отчаян\\w*",
            "не сплю",
            "у паніці",
            "не сплю",
            "çaresiz\\w*",
            "panik",
            "putus asa",
            "hoảng",
            "tuyệt vọng",
            "绝望",
            "崩溃",
            "急死",
            "パニック",
            "絶望",
            "절망",
            "패닉",
            "ตื่นตระหนก",
            "يائس",
            "ناامید",
            "घबरा",
        ],
    ),
)

NEEDS_ACCOUNT: tuple[Rule, ...] = (
    rule(
        "own_data",
        "asks about their own account's data",
        [
            r"(?:what|where|how much|when|why) (?:is|are|was|did|does) (?:\w+ ){0,2}my (?:\w+ ){0,2}"
            r"(?:limit|limits|bonus|reward|rewards|referral|level|tier|fee|fees|rate|staking|stake|statement|"
            r"rebate|commission|status|balance|apy|interest|verification)",
            r"my (?:current |daily |withdrawal |own )?(?:limit|bonus|rewards?|referral (?:bonus|reward|earnings|"
            r"commission)|vip level|fee tier|rebate|commission|staking rewards?)",
            r"(?:mi|meu|minha|mon|ma|mein|meine|il mio|la mia|mijn|mój|moja) (?:\w+ )?(?:límite|limite|bono|"
            r"bônus|bonus|recompensas?|comisi[oó]n|comiss[aã]o|nivel|nível|niveau|plafond|limit|premio|"
            r"beloning|prowizja|poziom)",
            r"(?:мой|мои|моя|мій|моя|мої) (?:\w+ )?(?:лимит|ліміт|бонус|вознаграждени\w*|винагород\w*|уров\w*|"
            r"рів\w*|комисси\w*|коміс\w*)",
            r"(?:limitim|bonusum|ödülüm|seviyem)",
            r"(?:limit|bonus|hadiah|level) saya",
            r"(?:hạn mức|thưởng|cấp độ) của (?:tôi|mình|em)",
            "我的(?:限额|额度|奖励|返佣|等级|佣金|收益)",
            "我的\\S{0,4}(?:限额|额度)",
            "私の\\S{0,4}(?:限度額|上限)",
            "(?:제|내) (?:\\S+ ){0,2}(?:한도|보너스|등급)",
            "私の(?:限度額|上限|報酬|ボーナス|レベル)",
            "내 (?:한도|보너스|리워드|등급|수수료)",
        ],
    ),
)

_DAY_WORDS = (
    r"days?|d[ií]as|jours?|tage[n]?|giorni|dagen|dni|дн(?:ей|я|і|ів)|gün(?:dür)?|hari|ngày|araw|din|"
    r"روز|يوم|أيام|يومًا|दिन|天|日|일|วัน"
)
_N_DAYS = re.compile(rf"(\d{{1,3}})\s*(?:{_DAY_WORDS})(?![a-zA-Zà-ÿа-я])", re.IGNORECASE)


_HOUR_WORDS = (
    r"hours?|hrs?|h|horas?|heures?|stunden?|std|ore|uur|godzin[ya]?|час(?:а|ов)?|годин[иу]?|saat|jam|giờ|"
    r"oras|ghante|ghanta|tiếng|小时|小時|時間|시간|ชั่วโมง|ساعت|ساعات|ساعة|घंटे"
)
_WEEK_WORDS = (
    r"weeks?|semanas?|semaines?|wochen?|settimane?|weken|week|tygodni[ea]?|недел[иья]|тижн[іяів]+|hafta|"
    r"minggu|tuần|linggo|周|週|주|สัปดาห์|هفته|أسابيع|हफ्ते"
)
_SINCE = re.compile(
    r"since yesterday|since last|seit gestern|desde ayer|desde ontem|depuis hier|da ieri|sinds gisteren|"
    r"od wczoraj|со вчера|з учора|dünden beri|sejak kemarin|từ hôm qua|kahapon pa|kal se|昨天|昨日から|"
    r"어제부터|ตั้งแต่เมื่อวาน|از دیروز|منذ أمس",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"(\d{{1,3}})\s*(?:{_HOUR_WORDS}|{_DAY_WORDS}|{_WEEK_WORDS})(?:째)?(?![a-zA-Zà-ÿа-я])", re.IGNORECASE
)
_WAITING = re.compile(
    r"pending|stuck|waiting|not (?:arrived|received|credited)|still|pendiente|pendente|en attente|bloqu|"
    r"ausstehend|h[äa]ngt|in sospeso|in behandeling|oczekuj|в ожидании|завис|в очікуванні|beklemede|"
    r"tertunda|belum masuk|đang chờ|chưa về|nakabinbin|保留中|処理中|待ち|대기|안 ?들어|รอ|处理中|卡住|还没到|"
    r"بانتظار|معلق|در انتظار|نیومده|अटका|afwachting|in attesa|w toku|wird bearbeitet|bị khóa|locked|frozen|"
    r"bloquead[ao]|gesperrt|заблок|en revisión|em análise|under review|in review",
    re.IGNORECASE,
)


def own_transfer_waiting(text: str) -> str | None:
    """'says their own transfer has been waiting N hours': a status question, not a how-to one."""
    duration = _DURATION.search(text) or _SINCE.search(text)
    waiting = _WAITING.search(text)
    if duration and waiting:
        return f'says their own transfer has been waiting: "{duration.group(0)}", "{waiting.group(0)}"'
    return None


def days_over_a_week(text: str) -> str | None:
    """'says N days' when the message counts more than 7 days."""
    for match in _N_DAYS.finditer(text):
        if 7 < int(match.group(1)) < 1000:
            return f'says the case has been open more than 7 days: "{match.group(0)}"'
    return None


OVER_A_WEEK: tuple[Rule, ...] = (
    rule(
        "weeks",
        "says the case has been open more than 7 days",
        [
            "(?:more than|over|longer than|almost|nearly) (?:a|one) week",
            "(?:two|three|four|several|many|2|3|4|5|6) weeks",
            "(?:a|one|two|three|several|\\d+) months?",
            "(?:más de|hace más de) una semana",
            "(?:dos|tres|varias|\\d+) semanas",
            "(?:un|dos|tres|\\d+) mes(?:es)?",
            "(?:mais de|há mais de) uma semana",
            "(?:duas|três|várias|\\d+) semanas",
            "(?:um|dois|três|\\d+) m[eê]s(?:es)?",
            "plus d'une semaine",
            "(?:deux|trois|plusieurs|\\d+) semaines",
            "(?:un|deux|trois|\\d+) mois",
            "(?:mehr als|über) eine woche",
            "(?:zwei|drei|mehrere|\\d+) wochen",
            "(?:einen|einem|zwei|drei|\\d+) monat(?:en|e)?",
            "(?:più di) una settimana",
            "(?:due|tre|\\d+) settimane",
            "(?:un|due|tre|\\d+) mes[ei]",
            "(?:meer dan|ruim) een week",
            "(?:twee|drie|\\d+) weken",
            "(?:een|twee|drie|\\d+) maand(?:en)?",
            "(?:ponad|ponad|więcej niż) tydzień",
            "(?:dwa|trzy|\\d+) tygodni\\w*",
            "(?:miesiąc|miesiące|miesięcy)",
            "(?:больше|более|уже больше) недели",
            "(?:две|три|несколько|\\d+) недел\\w*",
            "(?:месяц|месяца|месяцев)",
            "(?:більше|понад) тижня",
            "(?:два|три|кілька|\\d+) тижн\\w*",
            "(?:місяць|місяці|місяців)",
            "bir haftadan (?:fazla|uzun)",
            "(?:iki|üç|\\d+) hafta",
            "(?:bir|iki|\\d+) ay(?:dır)?",
            "lebih dari (?:se|satu )minggu",
            "(?:dua|tiga|\\d+) minggu",
            "(?:sebulan|satu bulan|\\d+ bulan)",
            "hơn (?:một )?tuần",
            "(?:hai|ba|\\d+) tuần",
            "(?:một|hai|\\d+) tháng",
            "(?:mahigit|higit) (?:isang )?linggo",
            "(?:dalawang|tatlong) linggo",
            "isang buwan",
            "(?:一周多|超过一周|一个多星期|两周|两个星期|三周|几周|一个月|两个月|半个月|\\d+周)",
            "(?:一週間以上|二週間|2週間|3週間|一ヶ月|1ヶ月|一か月|1か月)",
            "(?:일주일 넘|일주일 이상|2주|3주|한 달|두 달)",
            "(?:เกินหนึ่งสัปดาห์|สองสัปดาห์|หนึ่งเดือน|\\d+ สัปดาห์|\\d+ เดือน)",
            "(?:أكثر من أسبوع|أسبوعين|شهر)",
            "(?:بیش از یک هفته|دو هفته|یک ماه)",
            "(?:एक हफ्ते से ज्यादा|दो हफ्ते|एक महीने|\\d+ हफ्ते)",
        ],
    ),
)

FIAT: tuple[Rule, ...] = (
    rule(
        "fiat",
        "a bank transfer or fiat currency",
        [
            "bank ?(?:transfer|account|wire)",
            "sepa",
            "swift",
            "iban",
            "wire transfer",
            "ach",
            "pix",
            "fiat",
            "eur",
            "euros?",
            "usd",
            "brl",
            "reais",
            "ars",
            "mxn",
            "pesos",
            "inr",
            "rupees?",
            "idr",
            "rupiah",
            "try",
            "lira",
            "uah",
            "гривн\\w*",
            "pln",
            "złotych",
            "vnd",
            "php",
            "£|€|₹|₺|₴|₽",
            "transferencia bancaria",
            "cuenta bancaria",
            "transfer[eê]ncia banc[aá]ria",
            "conta banc[aá]ria",
            "virement",
            "compte bancaire",
            "banküberweisung",
            "bankkonto",
            "überweisung",
            "bonifico",
            "conto bancario",
            "bankrekening",
            "overboeking",
            "przelew",
            "konto bankowe",
            "банк\\w*",
            "на карту",
            "banka\\w*",
            "havale",
            "eft",
            "rekening",
            "transfer bank",
            "ngân hàng",
            "chuyển khoản",
            "bangko",
            "银行",
            "銀行",
            "은행",
            "ธนาคาร",
            "بنك",
            "بانک",
            "बैंक",
        ],
    ),
)

DECLINED: tuple[Rule, ...] = (
    rule(
        "declined",
        "the payment was declined",
        [
            "declined",
            "rejected",
            "failed",
            "rechazad[oa]",
            "denegad[oa]",
            "recusad[oa]",
            "negad[oa]",
            "refusée?",
            "abgelehnt",
            "rifiutat[oa]",
            "geweigerd",
            "odrzucon\\w*",
            "отклон\\w*",
            "відхил\\w*",
            "reddedildi",
            "ditolak",
            "gagal",
            "bị từ chối",
            "tinanggihan",
            "拒绝",
            "被拒",
            "失败",
            "拒否",
            "거절",
            "ถูกปฏิเสธ",
            "رفض",
            "رد شد",
            "अस्वीकार",
        ],
    ),
)

DEBITED: tuple[Rule, ...] = (
    rule(
        "debited",
        "says money left their account",
        [
            "charged",
            "debited",
            "deducted",
            "taken from my",
            "money (?:was )?taken",
            "double[- ]charged",
            "cobrad[oa]s?",
            "cobraron",
            "descontad[oa]",
            "me cobraron",
            "débit[ée]",
            "prélev[ée]",
            "abgebucht",
            "belastet",
            "addebitat[oi]",
            "afgeschreven",
            "pobra\\w*",
            "списал\\w*",
            "списан\\w*",
            "списали",
            "зняли",
            "kesildi",
            "gone from (?:my )?(?:balance|account)",
            "left my account",
            "not credited",
            "never (?:arrived|credited)",
            "saiu da minha conta",
            "(?:não|nao) foi creditad[oa]",
            "no (?:se )?(?:acredit[oó]|lleg[oó])",
            "(?:is )?gelukt maar",
            "niet bijgeschreven",
            "erfolgreich,? aber",
            "nicht gutgeschrieben",
            "pas (?:été )?crédité",
            "non accreditat[oi]",
            "nie zaksięgowan\\w*",
            "не зачисл\\w*",
            "не зарахов\\w*",
            "hesaba geçmedi",
            "(?:motong|kepotong|terpotong) saldo",
            "saldo (?:motong|kepotong|terpotong)",
            "tiền đã bị trừ",
            "引かれた",
            "引き落とし",
            "已扣",
            "扣款成功",
            "돈(?:은|이)? 빠져",
            "ตัดเงินแล้ว",
            "çekildi",
            "terpotong",
            "dipotong",
            "bị trừ",
            "trừ tiền",
            "nabawas",
            "扣款",
            "扣了",
            "扣费",
            "引き落とされ",
            "결제(?:됐|되었)",
            "빠져나갔",
            "ถูกหักเงิน",
            "خصم",
            "کسر",
            "कट गए",
        ],
    ),
)

READ_ONLY: tuple[Rule, ...] = (
    rule(
        "read_only",
        "the key is read-only",
        [
            "read[- ]?only",
            "solo lectura",
            "somente leitura",
            "apenas leitura",
            "lecture seule",
            "nur[- ]lese\\w*",
            "nur lesen",
            "sola lettura",
            "alleen[- ]lezen",
            "tylko do odczytu",
            "только (?:для )?чтени\\w*",
            "лише (?:для )?читання",
            "salt okunur",
            "hanya baca",
            "chỉ đọc",
            "只读",
            "読み取り専用",
            "읽기 전용",
        ],
    ),
)


TAKEOVER: tuple[Rule, ...] = (
    rule(
        "takeover",
        "says the account was taken over",
        [
            "sim[ -]?swap\\w*",
            "hacked",
            "gehackt",
            "hacke(?:ad[oa]|aron)",
            "pirat(?:ead[oa]|é|ée)",
            "invadid[oa]",
            "someone (?:logged|got|broke) in(?:to)?",
            "unauthori[sz]ed (?:login|log-in|access|withdrawal|sign-in)",
            "alguien (?:entró|accedió|inició sesión)",
            "alguém (?:entrou|acessou)",
            "quelqu'un (?:s'est connecté|a accédé)",
            "jemand hat sich (?:in mein|eingeloggt)",
            "ingelogd vanuit",
            "iemand is (?:ingelogd|binnengekomen)",
            "qualcuno (?:è entrato|ha fatto l'accesso)",
            "ktoś (?:się zalogował|włamał)",
            "взлом\\w*",
            "злам\\w*",
            "hacklendi",
            "hesabıma (?:biri|birisi) girdi",
            "diretas",
            "dibobol",
            "bị hack",
            "na-?hack",
            "被盗",
            "被黑",
            "陌生登录",
            "异地登录",
            "知らないログイン",
            "不正ログイン",
            "乗っ取",
            "해킹",
            "심스와핑",
            "심 스와핑",
            "แฮ็ก",
            "هک شد",
            "اختراق",
            "تم اختراق",
            "हैक",
        ],
    ),
)
API_KEY_LEAK: tuple[Rule, ...] = (
    rule(
        "api_key_leak",
        "says an API key leaked or is being misused",
        [
            "api[ -]?keys?(?: \\S+){0,6} (?:leak\\w*|exposed|stolen|compromised|public|github|repo|"
            "bocor|vazou|vazad[ao]|filtrad[ao]|expuest[ao]|robad[ao]|gestohlen|geleakt|öffentlich|"
            "rubat[ao]|gelekt|wyciek\\w*|утек\\w*|украл\\w*|витік|sızdı|çalındı|bị lộ|lộ|nakaw)",
            "(?:leaked|exposed|stolen|compromised|posted|pushed|committed)(?: \\S+){0,6} api[ -]?keys?",
            "(?:market-making|trading|bot) key",
            "api\\s?(?:密钥|秘钥|key)\\S{0,6}(?:泄露|被盗|泄漏)",
            "apiキー\\S{0,6}(?:漏|流出|盗)",
            "api ?키\\S{0,6}(?:유출|도용)",
        ],
    ),
)


REGULATOR: tuple[Rule, ...] = (
    rule(
        "regulator",
        "names a financial regulator or consumer authority",
        [
            "fca",
            "sec",
            "cftc",
            "finra",
            "cfpb",
            "afm",
            "consob",
            "knf",
            "bafin",
            "cnmv",
            "cvm",
            "amf",
            "acpr",
            "esma",
            "fsma",
            "ojk",
            "bappebti",
            "sebi",
            "rbi",
            "asic",
            "fsa",
            "jfsa",
            "金融庁",
            "证监会",
            "金融监管",
            "금융감독원",
            "금감원",
            "ก\\.ล\\.ต\\.",
            "spk",
            "bddk",
            "цб",
            "центробанк\\w*",
            "банк россии",
            "нбу",
            "нкцпфр",
            "procon",
            "banco central",
            "banco de españa",
            "banca d'italia",
            "ombudsman",
            "financial ombudsman",
            "regulator\\w*",
            "regulador\\w*",
            "régulateur",
            "aufsichtsbehörde",
            "toezichthouder",
            "autorità di vigilanza",
            "консультант по правам потребителей",
        ],
    ),
)
LEGAL: tuple[Rule, ...] = (
    rule(
        "legal",
        "threatens legal action",
        [
            "lawyers?",
            "attorneys?",
            "lawsuit",
            "sue (?:you|cryptodesk|the exchange)",
            "legal action",
            "formal notice",
            "small claims",
            "abogad[oa]s?",
            "demanda(?:r|ré)?",
            "acciones legales",
            "advogad[oa]s?",
            "processar",
            "a[cç][aã]o judicial",
            "avocats?",
            "mise en demeure",
            "porter plainte",
            "poursuites",
            "anwalt|anwältin|rechtsanwalt",
            "klage|verklagen",
            "rechtliche schritte",
            "avvocat[oi]",
            "diffida",
            "vie legali",
            "advocaat",
            "rechtszaak",
            "juridische stappen",
            "prawnik\\w*",
            "pozew|pozwę",
            "адвокат\\w*",
            "юрист\\w*",
            "в суд",
            "до суду",
            "иск\\w*",
            "позов\\w*",
            "avukat\\w*",
            "dava (?:açacağım|açıyorum)",
            "pengacara",
            "gugat\\w*",
            "jalur hukum",
            "luật sư",
            "khởi kiện",
            "abogado",
            "demanda",
            "kakasuhan",
            "律师",
            "起诉",
            "法律途径",
            "弁護士",
            "訴訟",
            "변호사",
            "소송",
            "ทนาย",
            "ฟ้อง",
            "محامي",
            "دعوى",
            "القضاء",
            "وکیل",
            "شکایت قضایی",
            "वकील",
            "मुकदमा",
            "lawyer",
        ],
    ),
)


def find(rules: tuple[Rule, ...], text: str) -> list[str]:
    """The reasons of every rule that fires on `text`, in the rules' order."""
    out = []
    for item in rules:
        found = item.find(text)
        if found:
            out.append(found)
    return out


_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-žА-яЁёІіЇїЄєҐґ]")
_UPPER_WORD = re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄҐ]{3,}\b")
# Tickers, networks and acronyms are written in capitals in calm messages too.
ACRONYMS = frozenset(
    "USDT USDC BTC ETH BNB SOL TRX XRP XLM TON ATOM ADA DOGE MATIC POL ARB OP AVAX DOT LTC BCH SHIB PEPE "
    "TRC ERC BEP TRC20 ERC20 BEP20 SPL KYC AML API OTP SMS SEPA PIX IBAN SWIFT ACH EUR USD BRL GBP TRY "
    "INR IDR UAH RUB PLN VND PHP NFT DEX CEX APY APR VIP FAQ URL ETF CEO CFO FCA SEC AFM CONSOB KNF "
    "BAFIN CNMV CVM AMF ESMA NGO ASAP HTTP HTTPS WWW PDF ID DNI CPF NIE PESEL NIK TIN SSN USA UK EU "
    "SIM PIN GMT UTC CET MFA TOTP ATM QR ERC-20 TRC-20 BEP-20 NO OK".split()
)


def shouting(text: str) -> str | None:
    """'written in capitals' when most of the words are capitalised (tickers and acronyms aside)."""
    words = [w for w in _UPPER_WORD.findall(text) if w not in ACRONYMS]
    letters = _LATIN.findall(text)
    if len(letters) < 12:
        return None
    upper = sum(len(w) for w in words)
    if upper >= 0.6 * len(letters) and len(words) >= 3:
        return "written in capitals"
    if len(words) >= 2 and any(len(w) >= 4 for w in words) and upper >= 8:
        return "shouts words in capitals: " + ", ".join(f'"{w}"' for w in words[:3])
    return None


def exclamations(text: str) -> str | None:
    marks = text.count("!") + text.count("！")
    runs = re.findall(r"[!！?？]{3,}", text)
    if marks >= 3 or runs:
        return f"many exclamation or question marks ({max(marks, len(runs[0]) if runs else 0)})"
    return None
