"""The demo organisation: who works here, who the customers are, and what they wrote about.

Plain data; `seed_demo` turns it into rows through the same services the app uses.
"""
# Customers write in their own languages (RUF001), and the customer table reads best a row a line.
# ruff: noqa: RUF001, E501

import datetime as dt
from dataclasses import dataclass, field

from accounts.models import Role
from customers.models import AccountFlag, KycStatus, VipLevel
from tickets.models import Category, Channel, Priority, Status, Tier

# One password for every demo login, printed by `seed_demo` and `serve`. Demo data only.
DEMO_PASSWORD = "demo-password-1"  # noqa: S105


@dataclass(frozen=True)
class DemoTeam:
    slug: str
    name: str
    tier: int
    time_zone: str
    region: str
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    is_outsourced: bool = False
    accepts_overflow: bool = True


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    time_zone: str
    language: str = "en"
    teams: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoCustomer:
    external_id: str
    name: str
    email: str
    phone: str
    language: str
    region: str
    time_zone: str
    vip_level: str = VipLevel.STANDARD
    kyc_status: str = KycStatus.VERIFIED
    account_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One thing that happens to a ticket, `after` the step before it."""

    after: dt.timedelta
    action: str  # assign, reply, note, customer, status, escalate, priority, tags
    actor: str | None = None
    body: str = ""
    status: str | None = None
    team: str | None = None
    tier: int | None = None
    assignee: str | None = None
    priority: int | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoTicket:
    customer: str
    subject: str
    body: str
    channel: str
    category: str
    ago: dt.timedelta
    team: str | None = None
    tier: int = Tier.GENERAL
    priority: int = Priority.NORMAL
    tags: tuple[str, ...] = ()
    steps: tuple[Step, ...] = field(default=())
    # The status the steps lead to; `seed_demo` checks it, so a wrong script fails loudly.
    expect: str = Status.NEW


def m(minutes: int) -> dt.timedelta:
    return dt.timedelta(minutes=minutes)


def h(hours: float) -> dt.timedelta:
    return dt.timedelta(hours=hours)


def d(days: float) -> dt.timedelta:
    return dt.timedelta(days=days)


def assign(after: dt.timedelta, who: str, *, by: str | None = None) -> Step:
    return Step(after, "assign", actor=by or who, assignee=who)


def reply(after: dt.timedelta, who: str, body: str, status: str | None = None) -> Step:
    return Step(after, "reply", actor=who, body=body, status=status)


def note(after: dt.timedelta, who: str, body: str) -> Step:
    return Step(after, "note", actor=who, body=body)


def customer(after: dt.timedelta, body: str) -> Step:
    return Step(after, "customer", body=body)


def status(after: dt.timedelta, who: str | None, to: str) -> Step:
    return Step(after, "status", actor=who, status=to)


def escalate(after: dt.timedelta, who: str, team: str, tier: int, assignee: str | None = None) -> Step:
    return Step(after, "escalate", actor=who, team=team, tier=tier, assignee=assignee)


def priority(after: dt.timedelta, who: str, to: int) -> Step:
    return Step(after, "priority", actor=who, priority=to)


def tags(after: dt.timedelta, who: str, *names: str) -> Step:
    return Step(after, "tags", actor=who, tags=names)


# Skills are routing.models.Skill values; routing checks them from tier 2 up, so tier 1 lists none.
TEAMS = (
    DemoTeam("general-en", "General Support (EN)", Tier.GENERAL, "Europe/London", "EMEA", ("en",), ()),
    DemoTeam(
        "general-es",
        "Soporte General (ES)",
        Tier.GENERAL,
        "America/Mexico_City",
        "LATAM",
        ("es", "pt-br"),
        (),
    ),
    DemoTeam(
        "partner-bpo-manila",
        "Partner BPO Manila",
        Tier.GENERAL,
        "Asia/Manila",
        "APAC",
        ("en", "fil", "id"),
        (),
        is_outsourced=True,
    ),
    DemoTeam(
        "wallets",
        "Wallets & On-chain",
        Tier.SPECIALIST,
        "Asia/Singapore",
        "APAC",
        ("en", "zh-hans", "ko", "vi", "es", "pt-br"),
        ("wallets",),
    ),
    DemoTeam(
        "kyc",
        "KYC & Verification",
        Tier.SPECIALIST,
        "Europe/Dublin",
        "EMEA",
        ("en", "de", "fr", "pl", "ru", "pt-br", "es"),
        ("kyc",),
    ),
    DemoTeam(
        "account-security",
        "Account Security",
        Tier.SPECIALIST,
        "America/New_York",
        "AMER",
        ("en", "ja", "it", "fr"),
        ("security", "api"),
    ),
    DemoTeam(
        "payments",
        "Payments & P2P",
        Tier.SPECIALIST,
        "America/Sao_Paulo",
        "LATAM",
        ("en", "pt-br", "es", "tr", "uk"),
        ("payments", "trading"),
    ),
    DemoTeam(
        "executive",
        "Executive Escalations",
        Tier.EXECUTIVE,
        "Europe/Zurich",
        "GLOBAL",
        (),
        ("wallets", "kyc", "security", "payments", "trading", "api"),
        # Cases reach the executives by escalation only, never as another team's overflow.
        accepts_overflow=False,
    ),
)

USERS = (
    DemoUser("admin", "Ada", "Admin", Role.ADMIN, "UTC"),
    DemoUser(
        "sofia",
        "Sofia",
        "Reyes",
        Role.SUPERVISOR,
        "Europe/Madrid",
        "es",
        teams=("general-en", "general-es", "partner-bpo-manila"),
        leads=("general-en", "general-es"),
    ),
    DemoUser(
        "kenji",
        "Kenji",
        "Watanabe",
        Role.SUPERVISOR,
        "Asia/Tokyo",
        "ja",
        teams=("wallets", "account-security", "kyc", "payments"),
        leads=("wallets", "account-security"),
    ),
    DemoUser("emma", "Emma", "Clarke", Role.AGENT, "Europe/London", teams=("general-en",)),
    DemoUser("liam", "Liam", "O'Brien", Role.AGENT, "America/New_York", teams=("general-en",)),
    DemoUser("lucia", "Lucía", "Fernández", Role.AGENT, "America/Mexico_City", "es", teams=("general-es",)),
    DemoUser("mateo", "Mateo", "Silva", Role.AGENT, "America/Sao_Paulo", "pt-br", teams=("general-es",)),
    DemoUser(
        "maria",
        "Maria",
        "Santos",
        Role.AGENT,
        "Asia/Manila",
        teams=("partner-bpo-manila",),
        leads=("partner-bpo-manila",),
    ),
    DemoUser("jose", "Jose", "Dela Cruz", Role.AGENT, "Asia/Manila", teams=("partner-bpo-manila",)),
    DemoUser("wei", "Wei", "Zhang", Role.AGENT, "Asia/Singapore", teams=("wallets",)),
    DemoUser("arjun", "Arjun", "Mehta", Role.AGENT, "Asia/Kolkata", teams=("wallets",)),
    DemoUser("hannah", "Hannah", "Becker", Role.AGENT, "Europe/Berlin", "de", teams=("kyc",), leads=("kyc",)),
    DemoUser("amara", "Amara", "Okafor", Role.AGENT, "Africa/Lagos", teams=("kyc",)),
    DemoUser("aiko", "Aiko", "Tanaka", Role.AGENT, "Asia/Tokyo", "ja", teams=("account-security",)),
    DemoUser("noah", "Noah", "Williams", Role.AGENT, "Australia/Sydney", teams=("account-security",)),
    DemoUser(
        "ana",
        "Ana",
        "Souza",
        Role.AGENT,
        "America/Sao_Paulo",
        "pt-br",
        teams=("payments",),
        leads=("payments",),
    ),
    DemoUser("emre", "Emre", "Yılmaz", Role.AGENT, "Europe/Istanbul", "tr", teams=("payments",)),
    DemoUser(
        "elena",
        "Elena",
        "Petrova",
        Role.AGENT,
        "Europe/Zurich",
        "ru",
        teams=("executive",),
        leads=("executive",),
    ),
    DemoUser("james", "James", "Carter", Role.AGENT, "America/Los_Angeles", teams=("executive",)),
)

V = VipLevel
K = KycStatus
F = AccountFlag
CUSTOMERS = (
    DemoCustomer("EX-10001", "Daniel Hughes", "daniel.hughes@example.com", "+44 7700 900101", "en", "GB", "Europe/London"),
    DemoCustomer("EX-10002", "Carmen López", "carmen.lopez@example.es", "+34 600 000 102", "es", "ES", "Europe/Madrid", V.VIP1),
    DemoCustomer("EX-10003", "João Pereira", "joao.pereira@example.com.br", "+55 11 90000 0103", "pt-br", "BR", "America/Sao_Paulo", kyc_status=K.PENDING),
    DemoCustomer("EX-10004", "Mehmet Kaya", "mehmet.kaya@example.com.tr", "+90 530 000 0104", "tr", "TR", "Europe/Istanbul", V.VIP2),
    DemoCustomer("EX-10005", "Yuki Sato", "yuki.sato@example.jp", "+81 90 0000 0105", "ja", "JP", "Asia/Tokyo", V.VIP3),
    DemoCustomer("EX-10006", "Lukas Schneider", "lukas.schneider@example.de", "+49 151 0000 0106", "de", "DE", "Europe/Berlin", kyc_status=K.REJECTED),
    DemoCustomer("EX-10007", "Camille Dubois", "camille.dubois@example.fr", "+33 6 00 00 01 07", "fr", "FR", "Europe/Paris", V.VIP1),
    DemoCustomer("EX-10008", "Alexei Smirnov", "a.smirnov@example.ae", "+971 50 000 0108", "ru", "AE", "Asia/Dubai", V.INSTITUTIONAL),
    DemoCustomer("EX-10009", "Priya Sharma", "priya.sharma@example.in", "+91 98000 00109", "en", "IN", "Asia/Kolkata"),
    DemoCustomer("EX-10010", "Nguyễn Văn An", "an.nguyen@example.vn", "+84 90 000 0110", "vi", "VN", "Asia/Ho_Chi_Minh", kyc_status=K.NONE),
    DemoCustomer("EX-10011", "Siti Rahmawati", "siti.rahma@example.co.id", "+62 812 0000 0111", "id", "ID", "Asia/Jakarta", kyc_status=K.PENDING),
    DemoCustomer("EX-10012", "Olena Kovalenko", "olena.k@example.ua", "+380 67 000 0112", "uk", "UA", "Europe/Kyiv", V.VIP1),
    DemoCustomer("EX-10013", "Marco Rossi", "marco.rossi@example.it", "+39 320 000 0113", "it", "IT", "Europe/Rome", account_flags=(F.WITHDRAWALS_LOCKED,)),
    DemoCustomer("EX-10014", "Ahmed Al-Farsi", "ahmed.alfarsi@example.ae", "+971 55 000 0114", "ar", "AE", "Asia/Dubai", V.VIP3),
    DemoCustomer("EX-10015", "Kim Min-jun", "minjun.kim@example.kr", "+82 10 0000 0115", "ko", "KR", "Asia/Seoul", V.VIP2),
    DemoCustomer("EX-10016", "Li Wei Trading Pte", "desk@liwei-trading.example.sg", "+65 8000 0116", "zh-hans", "SG", "Asia/Singapore", V.INSTITUTIONAL, account_flags=(F.API_DISABLED,)),
    DemoCustomer("EX-10017", "Sofía Martínez", "sofia.martinez@example.com.ar", "+54 9 11 0000 0117", "es", "AR", "America/Argentina/Buenos_Aires"),
    DemoCustomer("EX-10018", "Emily Johnson", "emily.johnson@example.com", "+1 312 555 0118", "en", "US", "America/Chicago", account_flags=(F.COMPROMISED, F.WITHDRAWALS_LOCKED)),
    DemoCustomer("EX-10019", "Anna Kowalska", "anna.kowalska@example.pl", "+48 500 000 119", "pl", "PL", "Europe/Warsaw", kyc_status=K.PENDING),
    DemoCustomer("EX-10020", "Pieter de Vries", "pieter.devries@example.nl", "+31 6 0000 0120", "nl", "NL", "Europe/Amsterdam", V.VIP1),
    DemoCustomer("EX-10021", "Juan dela Cruz", "juan.delacruz@example.ph", "+63 917 000 0121", "fil", "PH", "Asia/Manila"),
    DemoCustomer("EX-10022", "Ricardo Gómez", "ricardo.gomez@example.mx", "+52 55 0000 0122", "es", "MX", "America/Mexico_City", kyc_status=K.REJECTED, account_flags=(F.UNDER_REVIEW,)),
    DemoCustomer("EX-10023", "Fatma Demir", "fatma.demir@example.com.tr", "+90 532 000 0123", "tr", "TR", "Europe/Istanbul", account_flags=(F.TRADING_DISABLED,)),
    DemoCustomer("EX-10024", "Hans Müller", "hans.mueller@example.ch", "+41 79 000 01 24", "de", "CH", "Europe/Zurich", V.VIP2),
    DemoCustomer("EX-10025", "Chloé Martin", "chloe.martin@example.ca", "+1 514 555 0125", "fr", "CA", "America/Toronto", kyc_status=K.NONE),
    DemoCustomer("EX-10026", "Takeshi Yamamoto", "takeshi.yamamoto@example.jp", "+81 80 0000 0126", "ja", "JP", "Asia/Tokyo"),
    DemoCustomer("EX-10027", "Lucas Oliveira", "lucas.oliveira@example.com.br", "+55 21 90000 0127", "pt-br", "BR", "America/Sao_Paulo", V.VIP1),
    DemoCustomer("EX-10028", "Northwind Capital Ltd", "ops@northwind-capital.example", "+44 20 7946 0128", "en", "GB", "Europe/London", V.INSTITUTIONAL),
    DemoCustomer("EX-10029", "Sarah Thompson", "sarah.thompson@example.com.au", "+61 400 000 129", "en", "AU", "Australia/Sydney"),
    DemoCustomer("EX-10030", "Dmitri Volkov", "d.volkov@example.de", "+49 160 0000 0130", "ru", "DE", "Europe/Berlin", kyc_status=K.PENDING, account_flags=(F.UNDER_REVIEW,)),
)  # fmt: skip

C = Channel
G = Category
P = Priority
S = Status
T = Tier
TICKETS = (
    # --- new: nobody has touched these yet -------------------------------------------------------
    DemoTicket(
        "EX-10009",
        "USDT withdrawal pending for 3 hours",
        "I withdrew 2,500 USDT (TRC-20) to my Binance address three hours ago and the status still says "
        "'processing'. Transaction ID is not shown. Can you check?",
        C.CHAT,
        G.WITHDRAWAL,
        h(2),
        team="general-en",
        priority=P.HIGH,
        tags=("usdt", "trc20"),
    ),
    DemoTicket(
        "EX-10010",
        "Không nhận được mã xác minh email",
        "Tôi không nhận được email xác minh khi đăng ký tài khoản. Tôi đã kiểm tra thư rác.",
        C.WEB,
        G.ACCOUNT_ACCESS,
        h(5),
    ),
    DemoTicket(
        "EX-10021",
        "Where can I see the fee for GCash deposits?",
        "Hi, I want to deposit PHP through GCash. How much is the fee and how long does it take?",
        C.SOCIAL,
        G.FEES,
        h(9),
        team="partner-bpo-manila",
        priority=P.LOW,
    ),
    DemoTicket(
        "EX-10025",
        "Question sur la vérification d'identité",
        "Bonjour, quels documents dois-je fournir pour vérifier mon compte depuis le Canada ?",
        C.EMAIL,
        G.KYC,
        d(1),
        team="kyc",
        tier=T.SPECIALIST,
    ),
    DemoTicket(
        "EX-10016",
        "API key returns 'IP not whitelisted' after rotation",
        "We rotated our trading API key this morning and every request from our co-located servers now "
        "fails with error -2015 'IP not whitelisted', although the IPs are listed. Our market making is "
        "stopped.",
        C.API,
        G.API,
        m(40),
        team="account-security",
        tier=T.SPECIALIST,
        priority=P.URGENT,
        tags=("api-key", "institutional"),
    ),
    DemoTicket(
        "EX-10029",
        "Phishing email pretending to be you",
        "I got an email saying my account will be frozen unless I 'verify my wallet' on a link that is "
        "not your domain. Forwarding it to you. I did not click it.",
        C.EMAIL,
        G.SECURITY,
        h(14),
        team="account-security",
        tier=T.SPECIALIST,
        tags=("phishing",),
    ),
    # --- open: an agent has it ----------------------------------------------------------------------
    DemoTicket(
        "EX-10001",
        "Deposited USDC on Polygon but the address was for Ethereum",
        "I sent 1,200 USDC from my Coinbase wallet using the Polygon network to my deposit address, but "
        "the deposit page said ERC-20. It has not arrived after 6 hours. Is it lost?",
        C.EMAIL,
        G.DEPOSIT,
        d(3),
        team="general-en",
        priority=P.HIGH,
        tags=("wrong-network", "usdc"),
        steps=(
            assign(m(25), "emma"),
            reply(
                m(10),
                "emma",
                "Hi Daniel, thanks for the details. Funds sent on the wrong network can usually be "
                "recovered because we control the same address on Polygon. I am passing this to our "
                "wallets team, who will confirm the recovery fee and timeline.",
            ),
            note(m(5), "emma", "Tx hash checked on Polygonscan: confirmed, 1,200 USDC to our hot wallet."),
            escalate(m(15), "emma", "wallets", T.SPECIALIST, assignee="wei"),
            note(
                h(20),
                "wei",
                "Recovery possible from the Polygon hot wallet; needs a manual sweep in the next batch.",
            ),
            customer(h(2), "Any news? It has been a day."),
            reply(
                m(45),
                "wei",
                "Good news: the funds are recoverable. We will credit 1,200 USDC minus a 10 USDC recovery "
                "fee after the next manual sweep, within 3 business days.",
            ),
        ),
        expect=S.OPEN,
    ),
    DemoTicket(
        "EX-10002",
        "Retiro en EUR por SEPA no llega",
        "Hice un retiro de 4.000 EUR por SEPA hace tres días y mi banco no lo ha recibido. "
        "¿Me pueden enviar la referencia del pago?",
        C.CHAT,
        G.PAYMENTS,
        d(2),
        team="general-es",
        priority=P.HIGH,
        tags=("sepa", "vip"),
        steps=(
            assign(m(3), "lucia"),
            reply(
                m(4),
                "lucia",
                "Hola Carmen, estoy revisando su retiro. La transferencia salió el martes con la "
                "referencia SEPA-8841-22. Le confirmo en unos minutos si el banco la aceptó.",
            ),
            note(m(10), "lucia", "Cliente VIP 1: el banco corresponsal muestra el pago en cola."),
        ),
        expect=S.OPEN,
    ),
    DemoTicket(
        "EX-10018",
        "I can't log in and my 2FA codes are rejected",
        "Someone changed my email address yesterday, I did not do it. My authenticator codes are "
        "rejected and I can't log in. Please freeze my account!",
        C.PHONE,
        G.SECURITY,
        d(1) + h(3),
        team="account-security",
        tier=T.SPECIALIST,
        priority=P.URGENT,
        tags=("account-takeover", "2fa"),
        steps=(
            assign(m(2), "noah"),
            note(
                m(3),
                "noah",
                "Caller passed security questions. Withdrawals locked and sessions revoked. Email change "
                "came from a new device in a different country 22h ago.",
            ),
            reply(
                m(5),
                "noah",
                "Emily, your account is frozen: no withdrawals or logins are possible until we restore "
                "access. Please reply with a selfie holding your ID and today's date so we can reset 2FA.",
            ),
            customer(h(1), "Sent the selfie through the upload link."),
            note(m(30), "noah", "Selfie matches KYC photo. Requesting approval for the 2FA reset."),
        ),
        expect=S.OPEN,
    ),
    DemoTicket(
        "EX-10004",
        "P2P satıcısı ödemeyi almadığını söylüyor",
        "P2P'de 50.000 TRY ödeme yaptım, dekont elimde, ama satıcı ödemeyi almadığını söylüyor ve "
        "USDT'yi serbest bırakmıyor. Anlaşmazlık açtım.",
        C.WEB,
        G.PAYMENTS,
        d(4),
        team="payments",
        tier=T.SPECIALIST,
        priority=P.HIGH,
        tags=("p2p-dispute",),
        steps=(
            assign(h(1), "emre", by="kenji"),
            reply(
                m(20),
                "emre",
                "Merhaba Mehmet Bey, anlaşmazlığınızı inceliyoruz. Lütfen banka dekontunu PDF olarak "
                "yükleyin; satıcıdan da hesap hareketlerini istedik.",
            ),
            customer(h(3), "Dekontu yükledim."),
            note(
                m(50), "emre", "Receipt is genuine (bank confirms). Seller has 24h to respond before we rule."
            ),
        ),
        expect=S.OPEN,
    ),
    DemoTicket(
        "EX-10015",
        "Staking rewards missing for ETH 2.0",
        "My ETH staking rewards stopped appearing five days ago. I have 320 ETH staked.",
        C.EMAIL,
        G.TRADING,
        d(6),
        team="wallets",
        tier=T.SPECIALIST,
        tags=("staking",),
        steps=(
            assign(h(6), "arjun", by="kenji"),
            reply(
                h(1),
                "arjun",
                "Hello Mr Kim, a validator client upgrade paused reward distribution. Rewards have "
                "accrued and will be paid out together.",
            ),
            customer(d(1), "When exactly? It is a large position."),
        ),
        expect=S.OPEN,
    ),
    DemoTicket(
        "EX-10024",
        "Complaint: third time asking about my account manager",
        "This is my third message. I was promised a dedicated account manager when I moved to VIP 2. "
        "Nobody has contacted me. I will move my assets elsewhere.",
        C.EMAIL,
        G.OTHER,
        d(9),
        team="general-en",
        priority=P.HIGH,
        tags=("complaint", "vip"),
        steps=(
            assign(h(2), "liam"),
            reply(h(1), "liam", "Dear Mr Müller, I am sorry for the wait; I am escalating this right now."),
            escalate(m(10), "liam", "executive", T.EXECUTIVE, assignee="elena"),
            priority(m(1), "elena", P.URGENT),
            reply(
                h(3),
                "elena",
                "Sehr geehrter Herr Müller, ich bin ab heute Ihre persönliche Ansprechpartnerin. "
                "Ich rufe Sie morgen um 10:00 Uhr an.",
            ),
            customer(d(1), "Thank you, talk tomorrow."),
        ),
        expect=S.OPEN,
    ),
    DemoTicket(
        "EX-10030",
        "Account under review — why can't I trade?",
        "Мой аккаунт находится на проверке уже неделю. Почему я не могу торговать?",
        C.CHAT,
        G.KYC,
        d(5),
        team="kyc",
        tier=T.SPECIALIST,
        steps=(
            assign(m(15), "hannah"),
            note(
                m(20), "hannah", "Source-of-funds review requested by compliance; do not share the trigger."
            ),
            reply(
                m(5),
                "hannah",
                "Hello Dmitri, your account is in a routine review. Please upload a recent bank "
                "statement showing the source of the funds you deposited.",
            ),
        ),
        expect=S.OPEN,
    ),
    DemoTicket(
        "EX-10013",
        "Withdrawals locked after password change",
        "I changed my password and now I cannot withdraw. How long is this lock?",
        C.SOCIAL,
        G.WITHDRAWAL,
        h(20),
        team="partner-bpo-manila",
        steps=(
            assign(m(30), "jose"),
            reply(
                m(5),
                "jose",
                "Hi Marco, for your protection withdrawals are locked for 24 hours after a password "
                "change. The lock lifts automatically tomorrow at 09:12 CET.",
            ),
        ),
        expect=S.OPEN,
    ),
    # --- pending: waiting on the customer ------------------------------------------------------------
    DemoTicket(
        "EX-10003",
        "Verificação KYC em loop",
        "Envio meus documentos e o sistema pede de novo. Já fiz isso cinco vezes.",
        C.WEB,
        G.KYC,
        d(8),
        team="kyc",
        tier=T.SPECIALIST,
        tags=("kyc-loop",),
        steps=(
            assign(h(4), "amara"),
            note(m(10), "amara", "Vendor rejects the selfie: glare on the document. Same result 5 times."),
            reply(
                m(5),
                "amara",
                "Olá João, the photo of your ID has a reflection that our verification partner cannot "
                "read. Please take it in daylight without flash and upload it again.",
                status=S.PENDING,
            ),
            customer(d(2), "Enviei de novo sem flash."),
            reply(
                h(5),
                "amara",
                "Thank you, the ID is accepted now. One last step: proof of address issued in the last "
                "3 months.",
                status=S.PENDING,
            ),
        ),
        expect=S.PENDING,
    ),
    DemoTicket(
        "EX-10017",
        "Enviaste ERC-20 a una dirección que no lo admite",
        "Envié tokens LINK a mi dirección de depósito de BTC por error. ¿Se pueden recuperar?",
        C.EMAIL,
        G.DEPOSIT,
        d(6),
        team="general-es",
        tags=("unsupported-token",),
        steps=(
            assign(h(3), "mateo"),
            escalate(m(20), "mateo", "wallets", T.SPECIALIST, assignee="wei"),
            reply(
                h(8),
                "wei",
                "Hola Sofía: LINK sent to a BTC address cannot be recovered by us, because the BTC "
                "network does not know ERC-20 tokens. Can you confirm the transaction hash so we double "
                "check which network was used?",
                status=S.PENDING,
            ),
        ),
        expect=S.PENDING,
    ),
    DemoTicket(
        "EX-10019",
        "Proof of address rejected",
        "My utility bill was rejected as proof of address. It is in my name and from last month.",
        C.EMAIL,
        G.KYC,
        d(3),
        team="kyc",
        tier=T.SPECIALIST,
        steps=(
            assign(h(2), "hannah"),
            reply(
                h(1),
                "hannah",
                "Dear Anna, the scan is cut off at the bottom and the issue date is not visible. Could "
                "you upload the full page?",
                status=S.PENDING,
            ),
        ),
        expect=S.PENDING,
    ),
    DemoTicket(
        "EX-10027",
        "Taxa de saque em BRL mudou?",
        "A taxa de saque via PIX mudou? Fui cobrado R$ 8,00 ontem.",
        C.CHAT,
        G.FEES,
        d(2),
        team="payments",
        tier=T.SPECIALIST,
        steps=(
            assign(m(2), "ana"),
            reply(
                m(6),
                "ana",
                "Oi Lucas! A taxa PIX continua zero para VIP 1. Pode me mandar o ID do saque para eu "
                "verificar a cobrança?",
                status=S.PENDING,
            ),
        ),
        expect=S.PENDING,
    ),
    DemoTicket(
        "EX-10026",
        "API key for tax software",
        "どの権限でAPIキーを作成すれば税務ソフトに接続できますか？",
        C.API,
        G.API,
        d(4),
        team="account-security",
        tier=T.SPECIALIST,
        priority=P.LOW,
        steps=(
            assign(h(5), "aiko"),
            reply(
                m(30),
                "aiko",
                "山本様、税務ソフトには「読み取り専用」のキーをお使いください。出金権限は絶対に付与しないでください。"
                "作成後に接続できたかお知らせください。",
                status=S.PENDING,
            ),
        ),
        expect=S.PENDING,
    ),
    DemoTicket(
        "EX-10011",
        "Setoran rupiah belum masuk",
        "Saya transfer Rp 5.000.000 lewat virtual account BCA tapi saldo belum masuk.",
        C.SOCIAL,
        G.DEPOSIT,
        d(1),
        team="partner-bpo-manila",
        steps=(
            assign(m(45), "maria"),
            reply(
                m(10),
                "maria",
                "Hi Siti, please send us the transfer receipt showing the virtual account number so we "
                "can trace the deposit.",
                status=S.PENDING,
            ),
        ),
        expect=S.PENDING,
    ),
    DemoTicket(
        "EX-10020",
        "Sub-account transfer limits",
        "Can I raise the internal transfer limit between my sub-accounts? We hit 100k EUR daily.",
        C.PHONE,
        G.TRADING,
        d(10),
        team="general-en",
        steps=(
            assign(m(1), "liam"),
            reply(
                m(12),
                "liam",
                "As discussed on the call: please confirm in writing which sub-accounts need the higher "
                "limit and the amount.",
                status=S.PENDING,
            ),
        ),
        expect=S.PENDING,
    ),
    # --- on hold: waiting on a third party -----------------------------------------------------------
    DemoTicket(
        "EX-10008",
        "Large BTC withdrawal stuck with low fee",
        "Our 45 BTC withdrawal has been unconfirmed for 14 hours. Mempool shows a fee of 2 sat/vB.",
        C.EMAIL,
        G.WITHDRAWAL,
        d(2),
        team="wallets",
        tier=T.SPECIALIST,
        priority=P.URGENT,
        tags=("btc", "stuck-tx", "institutional"),
        steps=(
            assign(m(20), "wei", by="kenji"),
            note(m(15), "wei", "Fee estimator bug during the mempool spike. Ops is preparing a CPFP bump."),
            reply(
                m(10),
                "wei",
                "Dear Mr Smirnov, we are accelerating the transaction with a child-pays-for-parent "
                "transaction from our side, at no cost to you.",
                status=S.ON_HOLD,
            ),
        ),
        expect=S.ON_HOLD,
    ),
    DemoTicket(
        "EX-10022",
        "Mi cuenta está en revisión de cumplimiento",
        "Me rechazaron la verificación y ahora mi cuenta está en revisión. Necesito retirar mis fondos.",
        C.WEB,
        G.KYC,
        d(12),
        team="kyc",
        tier=T.SPECIALIST,
        steps=(
            assign(h(6), "hannah"),
            note(h(1), "hannah", "Compliance case CC-2291 open; no details to the customer."),
            reply(
                m(20),
                "hannah",
                "Estimado Ricardo, su caso está con nuestro equipo de cumplimiento. Le escribiremos en "
                "cuanto tengamos una respuesta.",
            ),
            status(m(1), "hannah", S.ON_HOLD),
        ),
        expect=S.ON_HOLD,
    ),
    DemoTicket(
        "EX-10012",
        "Card payment charged twice",
        "I bought BTC with my Visa card and was charged twice, 500 EUR each, but received BTC once.",
        C.CHAT,
        G.PAYMENTS,
        d(7),
        team="payments",
        tier=T.SPECIALIST,
        steps=(
            assign(m(5), "ana"),
            reply(
                m(8),
                "ana",
                "Olena, I see one completed purchase and one authorisation that our card processor has "
                "not released. I have asked them to void it.",
                status=S.ON_HOLD,
            ),
            note(d(2), "ana", "Processor ticket #PR-55102 still open; chased again."),
        ),
        expect=S.ON_HOLD,
    ),
    DemoTicket(
        "EX-10014",
        "Token swap for delisted coin",
        "You delisted a token I hold. Will you support the migration to the new contract?",
        C.EMAIL,
        G.TRADING,
        d(15),
        team="executive",
        tier=T.EXECUTIVE,
        steps=(
            assign(d(1), "james"),
            reply(
                h(2),
                "james",
                "Dear Mr Al-Farsi, we are waiting for the project team to publish the migration "
                "snapshot. We will credit the new token as soon as it is available.",
                status=S.ON_HOLD,
            ),
        ),
        expect=S.ON_HOLD,
    ),
    DemoTicket(
        "EX-10023",
        "Trading disabled on my account",
        "Hesabımda işlem yapamıyorum, 'trading disabled' yazıyor.",
        C.PHONE,
        G.TRADING,
        d(5),
        team="payments",
        tier=T.SPECIALIST,
        steps=(
            assign(m(1), "emre"),
            note(m(8), "emre", "Risk engine flag from a chargeback. Waiting for the bank's dispute outcome."),
            status(m(1), "emre", S.ON_HOLD),
        ),
        expect=S.ON_HOLD,
    ),
    # --- solved: recently, so the customer can still write back --------------------------------------
    DemoTicket(
        "EX-10001",
        "How do I reset my 2FA? Lost my phone",
        "I lost my phone with Google Authenticator. How can I reset 2FA?",
        C.CHAT,
        G.ACCOUNT_ACCESS,
        d(2),
        team="general-en",
        tags=("2fa",),
        steps=(
            assign(m(1), "emma"),
            reply(
                m(3),
                "emma",
                "Hi Daniel, use 'Lost 2FA device' on the login page; you will be asked for a selfie with "
                "your ID. After approval, withdrawals are locked for 24 hours.",
            ),
            customer(m(4), "Done, the request is submitted. Thanks!"),
            reply(m(1), "emma", "You're welcome! Approval usually takes under an hour.", status=S.SOLVED),
        ),
        expect=S.SOLVED,
    ),
    DemoTicket(
        "EX-10005",
        "出金アドレスのホワイトリスト登録",
        "新しいハードウェアウォレットのアドレスをホワイトリストに登録できません。",
        C.EMAIL,
        G.SECURITY,
        d(3),
        team="account-security",
        tier=T.SPECIALIST,
        priority=P.HIGH,
        steps=(
            assign(h(2), "aiko"),
            reply(
                h(1),
                "aiko",
                "佐藤様、ホワイトリストの新規登録には48時間の保留期間があります。明日の15時以降にご利用いただけます。",
                status=S.SOLVED,
            ),
            customer(h(30), "まだ登録できません。"),
            reply(
                h(1),
                "aiko",
                "失礼いたしました。保留期間を手動で解除しました。今すぐご利用いただけます。",
                status=S.SOLVED,
            ),
        ),
        expect=S.SOLVED,
    ),
    DemoTicket(
        "EX-10028",
        "Monthly statement for auditors",
        "Our auditors need signed monthly statements for Q3 for all sub-accounts.",
        C.EMAIL,
        G.OTHER,
        d(3),
        team="executive",
        tier=T.EXECUTIVE,
        steps=(
            assign(h(1), "elena"),
            reply(
                h(20),
                "elena",
                "Please find the signed statements for July to September in your secure document inbox.",
                status=S.SOLVED,
            ),
        ),
        expect=S.SOLVED,
    ),
    DemoTicket(
        "EX-10029",
        "Maker/taker fees for my tier",
        "What are my maker and taker fees at my 30-day volume?",
        C.SOCIAL,
        G.FEES,
        d(1),
        team="partner-bpo-manila",
        priority=P.LOW,
        steps=(
            assign(m(20), "jose"),
            reply(
                m(5),
                "jose",
                "Hi Sarah, at your volume you pay 0.10% maker and 0.10% taker; paying fees in our token "
                "gives 25% off.",
                status=S.SOLVED,
            ),
        ),
        expect=S.SOLVED,
    ),
    DemoTicket(
        "EX-10007",
        "Retrait bloqué après changement d'adresse e-mail",
        "J'ai changé mon adresse e-mail et je ne peux plus retirer.",
        C.API,
        G.WITHDRAWAL,
        d(2),
        team="general-en",
        steps=(
            assign(m(30), "liam"),
            reply(
                m(10),
                "liam",
                "Bonjour Camille, withdrawals are paused for 24 hours after an email change to protect "
                "your account. They are available again now.",
                status=S.SOLVED,
            ),
        ),
        expect=S.SOLVED,
    ),
    DemoTicket(
        "EX-10006",
        "Warum wurde meine Verifizierung abgelehnt?",
        "Meine Verifizierung wurde abgelehnt, ohne Begründung.",
        C.WEB,
        G.KYC,
        d(2),
        team="kyc",
        tier=T.SPECIALIST,
        steps=(
            assign(h(3), "hannah"),
            reply(
                h(1),
                "hannah",
                "Hallo Lukas, Ihr Ausweis war abgelaufen. Bitte laden Sie ein gültiges Dokument hoch.",
                status=S.SOLVED,
            ),
        ),
        expect=S.SOLVED,
    ),
    # --- closed: solved long enough ago that the sweep closed them ------------------------------------
    DemoTicket(
        "EX-10009",
        "Deposit of SOL not credited",
        "I sent 40 SOL two hours ago, the explorer shows finalized but my balance is zero.",
        C.CHAT,
        G.DEPOSIT,
        d(20),
        team="general-en",
        steps=(
            assign(m(2), "emma"),
            reply(
                m(5),
                "emma",
                "Hi Priya, Solana deposits were paused for a node upgrade; yours is credited now.",
                status=S.SOLVED,
            ),
            status(d(4) + h(1), None, S.CLOSED),
        ),
        expect=S.CLOSED,
    ),
    DemoTicket(
        "EX-10002",
        "Cambiar el número de teléfono de la cuenta",
        "Cambié de número y necesito actualizarlo en mi cuenta.",
        C.PHONE,
        G.ACCOUNT_ACCESS,
        d(25),
        team="general-es",
        steps=(
            assign(m(1), "lucia"),
            reply(
                m(9),
                "lucia",
                "Hola Carmen, como hablamos por teléfono, el cambio de número ya está hecho.",
                status=S.SOLVED,
            ),
            status(d(4) + h(2), None, S.CLOSED),
        ),
        expect=S.CLOSED,
    ),
    DemoTicket(
        "EX-10018",
        "Suspicious login alert",
        "I received a login alert from Lagos. That was not me.",
        C.EMAIL,
        G.SECURITY,
        d(30),
        team="account-security",
        tier=T.SPECIALIST,
        priority=P.HIGH,
        tags=("phishing",),
        steps=(
            assign(m(40), "noah"),
            reply(
                m(10),
                "noah",
                "Emily, we have logged out all sessions. Please change your password and enable a "
                "hardware key.",
                status=S.SOLVED,
            ),
            customer(d(1), "I think they are back again, I got another alert."),
            note(m(20), "noah", "Second login from a known phishing kit IP range. Forcing a password reset."),
            reply(
                m(5),
                "noah",
                "We forced a password reset and blocked that network. You are safe to log in again.",
                status=S.SOLVED,
            ),
            status(d(4) + h(1), None, S.CLOSED),
        ),
        expect=S.CLOSED,
    ),
    DemoTicket(
        "EX-10015",
        "Futures liquidation price question",
        "Why was my position liquidated before the mark price reached my liquidation price?",
        C.WEB,
        G.TRADING,
        d(18),
        team="general-en",
        steps=(
            assign(h(1), "liam"),
            escalate(m(20), "liam", "executive", T.EXECUTIVE, assignee="james"),
            note(h(3), "james", "Checked the insurance fund log: liquidation at index price, correct."),
            reply(
                h(1),
                "james",
                "Dear Mr Kim, the position was liquidated on the index price, which moved before the "
                "mark price. I attach the price history.",
                status=S.SOLVED,
            ),
            status(d(1), "james", S.CLOSED),
        ),
        expect=S.CLOSED,
    ),
    DemoTicket(
        "EX-10004",
        "Komisyon iadesi",
        "Yanlış komisyon kesildi, iade rica ediyorum.",
        C.SOCIAL,
        G.FEES,
        d(16),
        team="payments",
        tier=T.SPECIALIST,
        steps=(
            assign(h(2), "emre"),
            reply(m(20), "emre", "Mehmet Bey, 42 TRY iade edildi.", status=S.SOLVED),
            status(d(4) + h(3), None, S.CLOSED),
        ),
        expect=S.CLOSED,
    ),
    DemoTicket(
        "EX-10016",
        "Websocket API disconnects every 24 hours",
        "Our websocket market data stream disconnects exactly every 24h.",
        C.API,
        G.API,
        d(27),
        team="account-security",
        tier=T.SPECIALIST,
        steps=(
            assign(h(1), "aiko"),
            reply(
                m(25),
                "aiko",
                "This is by design: connections are closed after 24 hours. Reconnect on close and "
                "resubscribe.",
                status=S.SOLVED,
            ),
            status(d(4) + h(1), None, S.CLOSED),
        ),
        expect=S.CLOSED,
    ),
    DemoTicket(
        "EX-10026",
        "Recovering funds sent to a smart contract",
        "I sent ETH directly to the token contract address by mistake.",
        C.EMAIL,
        G.WITHDRAWAL,
        d(22),
        team="wallets",
        tier=T.SPECIALIST,
        steps=(
            assign(h(5), "arjun"),
            reply(
                h(2),
                "arjun",
                "Unfortunately ETH sent to a third-party contract cannot be recovered by us; only the "
                "contract owner can.",
                status=S.SOLVED,
            ),
            customer(h(10), "Is there really nothing you can do?"),
            reply(
                m(30),
                "arjun",
                "I'm sorry, there is not. I have added the contract owner's contact in case they can help.",
                status=S.SOLVED,
            ),
            status(d(4) + h(2), None, S.CLOSED),
        ),
        expect=S.CLOSED,
    ),
    DemoTicket(
        "EX-10005",
        "VIP 3 fee discount not applied",
        "VIP3の手数料割引が適用されていません。",
        C.CHAT,
        G.FEES,
        d(14),
        team="account-security",
        tier=T.SPECIALIST,
        steps=(
            assign(m(1), "aiko"),
            reply(m(4), "aiko", "佐藤様、割引を適用し、差額を返金しました。", status=S.SOLVED),
            status(d(4) + h(1), None, S.CLOSED),
        ),
        expect=S.CLOSED,
    ),
    # The messaging channels (messaging/, docs/channels.md): customers who wrote from the exchange's
    # Telegram bot, WhatsApp number, Facebook page, X account and SMS number.
    DemoTicket(
        "EX-10002",
        "Withdrawal pending for 3 hours",
        "Hi, my USDT withdrawal on TRC20 has been pending for three hours. Is something wrong?",
        C.TELEGRAM,
        G.WITHDRAWAL,
        m(40),
    ),
    DemoTicket(
        "EX-10001",
        "Deposit not credited",
        "Hello, I sent 0.05 BTC two hours ago and it shows 3 confirmations but not in my balance.",
        C.WHATSAPP,
        G.DEPOSIT,
        h(2),
    ),
    DemoTicket(
        "EX-10009",
        "How do I verify my account?",
        "Which documents do I need for KYC level 2?",
        C.MESSENGER,
        G.KYC,
        h(6),
    ),
    DemoTicket(
        "EX-10005",
        "Locked out after changing phone",
        "I changed my phone and my authenticator app is gone. How do I get back in?",
        C.X,
        G.ACCOUNT_ACCESS,
        h(3),
    ),
    DemoTicket(
        "EX-10028",
        "Code not received",
        "I am not getting the SMS code to confirm my withdrawal.",
        C.SMS,
        G.ACCOUNT_ACCESS,
        m(25),
    ),
)
