# ruff: noqa: E501, RUF001 (each sentence kept whole; the letters and punctuation of the language, not look-alikes)
PHRASES = {
    "name": "Türkçe",
    "answer_intro": "Yardım merkezimiz bu konuda şunları söylüyor:",
    "answer_close_chat": "Bu sorununuzu çözdü mü? Çözmediyse bundan sonra bir temsilci ilgilenecek.",
    "answer_close_mail": "Bu sorununuzu çözdü mü? Çözmediyse bir temsilciye ulaşmak için bu mesajı yanıtlayın.",
    "not_translated": "Bu makale henüz {language} olarak mevcut değil; İngilizcesi aşağıda.",
    "read_more": "Makalenin tamamı: {url}",
    "greeting": (
        "Merhaba! Ben CryptoX destek asistanıyım. Neye yardım istediğinizi yazın, örneğin bir yatırma, bir "
        "çekim ya da hesabınızla ilgili bir konu; size cevabı ya da doğru kişiyi bulayım."
    ),
    "greeting_close_chat": "İstediğiniz an bir temsilciyle görüşmek isteyebilirsiniz.",
    "greeting_close_mail": "Sorunuzu bu mesajı yanıtlayarak yazın; bir temsilciye her zaman tek bir yanıtla ulaşabilirsiniz.",
    "redirect_price_prediction": (
        "Yatırım tavsiyesi veremiyor, fiyat tahmini yapamıyor ve hangi coini alıp satmanız gerektiğini "
        "söyleyemiyoruz."
    ),
    "redirect_other_exchange_account": (
        "Bu, başka bir platformla ya da kendi cüzdanınızla ilgili bir soru gibi görünüyor. CryptoX dışındaki "
        "hesapları ve cüzdanları göremez ve değiştiremeyiz; doğru adres o platformun desteğidir."
    ),
    "redirect_unsupported_request": "Bu, destek ekibimizin yapamayacağı bir şey ve bunu açıkça söylemeyi tercih ediyoruz.",
    "status_intro_withdrawal": "Çekiminizle ilgili gördüklerimiz:",
    "status_intro_deposit": "Yatırma işleminizle ilgili gördüklerimiz:",
    "status_withdrawal_queued": (
        "İşlem kuyruğumuzda ve henüz ağa gönderilmedi. Çekimler normalde {expected} içinde gönderilir; "
        "lütfen talebi yeniden oluşturmayın."
    ),
    "status_withdrawal_queued_congested": (
        "İşlem kuyruğumuzda. {network} ağı şu anda yoğun olduğu için gönderim {expected} kadar sürebilir; "
        "lütfen talebi yeniden oluşturmayın."
    ),
    "status_withdrawal_broadcast": (
        "{network} ağına gönderildi ve şu ana kadar {required} onaydan {confirmations} tanesini aldı. "
        "Normalde {expected} içinde tamamlanır."
    ),
    "status_withdrawal_completed": (
        "Tamamlandı ve {network} ağında onaylandı. Alıcı platformda henüz görünmüyorsa aşağıdaki işlem "
        "hash'ini onlara iletin: tutarı kendi süreçlerine göre hesaba geçirirler."
    ),
    "status_deposit_confirming": (
        "{network} ağına ulaştı ve gereken {required} onaydan {confirmations} tanesine sahip. {required} "
        "onaya ulaşınca, normalde {expected} içinde, otomatik olarak hesabınıza geçer; bir şey yapmanız "
        "gerekmiyor."
    ),
    "status_deposit_credited": "Hesabınıza geçti; bakiyenizde ve yatırma geçmişinizde görebilirsiniz.",
    "fact_amount": "Tutar",
    "fact_network": "Ağ",
    "fact_status": "Durum",
    "fact_confirmations": "Onaylar",
    "fact_tx": "İşlem hash'i",
    "confirmations_of": "{need} onaydan {have}",
    "state_queued": "işlem kuyruğunda",
    "state_broadcast": "gönderildi, onay bekliyor",
    "state_confirming": "onay bekliyor",
    "state_completed": "tamamlandı",
    "state_credited": "hesaba geçti",
    "handoff_team": "Mesajınız için teşekkürler. Mesajınızı ilettim: {team}; yanıtı buradan alacaksınız.",
    "handoff_wait_chat": "Yaklaşık {wait} içinde bir temsilcinin sohbete katılması bekleniyor.",
    "handoff_wait": "Yaklaşık {wait} içinde yanıt bekleyebilirsiniz.",
    "handoff_off_shift": (
        "Ekip şu anda mesai dışında: saat {time} UTC'de, yaklaşık {wait} sonra dönecek ve o zaman yanıt verecek."
    ),
    "handoff_other_team": "Başka bir saat dilimindeki ekip arkadaşlarımız şu anda çalışıyor ve daha erken ilgilenebilir.",
    "handoff_soon": "Bir temsilci en kısa sürede burada yanıt verecek.",
    "handoff_details": "Yazdığınız her şey onlarda; tekrar etmeniz gerekmeyecek.",
    "safety": (
        "Şifrenizi, 2FA kodlarınızı veya seed ifadenizi asla istemeyiz. Bunları, CryptoX'te çalıştığını "
        "söyleyen biri de olsa kimseyle paylaşmayın."
    ),
    "team_general": "destek ekibimiz",
    "team_wallets_onchain": "cüzdan ve zincir üstü işlem uzmanlarımız",
    "team_account_security": "hesap güvenliği ekibimiz",
    "team_kyc_verification": "kimlik doğrulama ekibimiz",
    "team_payments_fiat": "ödeme ekibimiz",
    "team_p2p": "P2P ekibimiz",
    "team_trading": "alım satım uzmanlarımız",
    "team_api": "API uzmanlarımız",
    "team_executive": "kıdemli destek ekibimiz",
    "team_none": "destek ekibimiz",
    "minute_one": "{n} dakika",
    "minutes": "{n} dakika",
    "hour_one": "{n} saat",
    "hours": "{n} saat",
    "day_one": "{n} gün",
    "days": "{n} gün",
    "minutes_few": "{n} dakika",
    "hours_few": "{n} saat",
    "days_few": "{n} gün",
}
