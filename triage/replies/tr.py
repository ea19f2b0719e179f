# ruff: noqa: RUF001 (the letters and punctuation of the language, not look-alikes)
REPLIES = {
    "credited": (
        "{network} ağındaki {amount} {asset} yatırma işleminiz hesabınıza eklendi. "
        "Bakiyenizde ve yatırma geçmişinizde görebilirsiniz."
    ),
    "not_found": (
        "{tx} işlemini ne hesap geçmişinizde ne de ağda bulabildik. "
        "İşlem hash'ini kontrol edip hangi ağ üzerinden gönderdiğinizi bize bildirebilir misiniz?"
    ),
    "awaiting_confirmations": (
        "{network} ağındaki {amount} {asset} yatırma işleminiz ağa ulaştı ve gereken {required} onaydan "
        "{confirmations} tanesine sahip. {required} onaya ulaştığında otomatik olarak hesabınıza eklenir; "
        "sizin bir şey yapmanıza gerek yok."
    ),
    "deposits_suspended": (
        "{amount} {asset} yatırma işleminiz {network} ağına ulaştı. {network} ağındaki yatırmalar bizim "
        "tarafımızda geçici olarak durduruldu; bu sırada gelenler ağ yeniden açıldığında işlenir. "
        "Sizi buradan bilgilendireceğiz."
    ),
    "below_minimum": (
        "{network} ağındaki {amount} {asset} yatırma işleminiz {minimum} {asset} olan asgari yatırma "
        "tutarının altında olduğu için otomatik olarak eklenmedi. Cüzdan ekibimiz inceliyor ve size mevcut "
        "seçenekleri bildirecek."
    ),
    "not_credited": (
        "{network} ağındaki {amount} {asset} yatırma işleminiz ağda onaylandı ancak henüz hesabınıza "
        "eklenmedi. İncelenmesi için cüzdan ekibimize ilettik ve sizi buradan bilgilendireceğiz."
    ),
    "wrong_network": (
        "{tx} işlemi {network} üzerinden gönderildi, ancak yatırma adresi {expected_network} için "
        "oluşturulmuştu. Farklı bir ağ üzerinden gönderilen yatırmalar otomatik olarak eklenmez. Cüzdan "
        "ekibimiz durumunuzu inceliyor ve neyin mümkün olduğunu size bildirecek; fonların geri "
        "alınabileceğine dair söz veremeyiz."
    ),
    "unsupported_token": (
        "{tx} işlemi, {network} ağında desteklemediğimiz bir sözleşmeden (örneğin token'ın köprülenmiş bir "
        "sürümü) {asset} token'ı gönderdi; bu nedenle otomatik olarak eklenmez. Cüzdan ekibimiz durumunuzu "
        "inceliyor ve neyin mümkün olduğunu bildirecek; geri alma sözü veremeyiz."
    ),
    "memo_missing": (
        "{network} ağındaki {amount} {asset} yatırma işleminiz hesabınızı tanımlayan memo/etiket olmadan "
        "geldi, bu yüzden otomatik olarak eklenemedi. Cüzdan ekibimiz inceliyor. Lütfen her zaman yatırma "
        "sayfanızdaki memo/etiketi ekleyin."
    ),
    "memo_wrong": (
        "{network} ağındaki {amount} {asset} yatırma işleminiz hesabınızla eşleşmeyen bir memo/etiketle "
        "({memo}) geldi, bu yüzden otomatik olarak eklenemedi. Cüzdan ekibimiz inceliyor ve sizi buradan "
        "bilgilendirecek."
    ),
    "withdrawal_queued": (
        "{network} ağındaki {amount} {asset} çekim işleminiz işlem kuyruğumuzda ve henüz ağa gönderilmedi. "
        "İşlendiği anda gönderilecek; lütfen tekrar talep oluşturmayın."
    ),
    "withdrawal_review": (
        "{network} ağındaki {amount} {asset} çekim işleminiz gönderilmeden önce rutin bir incelemeden "
        "geçiyor. Sizden bir şeye ihtiyacımız olursa iletişime geçeceğiz."
    ),
    "withdrawal_broadcast": (
        "{amount} {asset} çekim işleminiz {network} ağına gönderildi ({tx} işlemi) ve onay bekliyor: "
        "şu ana kadar {required} onaydan {confirmations} tanesi alındı."
    ),
    "withdrawal_confirmed": (
        "{network} ağındaki {amount} {asset} çekim işleminiz ağda onaylandı ({tx} işlemi). Alıcı platformda "
        "henüz görünmüyorsa lütfen bu hash ile onlarla iletişime geçin: hesaba ekleme kendi süreçlerine "
        "göre yapılır."
    ),
    "withdrawal_failed": (
        "{network} ağındaki {amount} {asset} çekim işleminiz tamamlanamadı. Ekibimiz kontrol ediyor ve sizi "
        "buradan bilgilendirecek; lütfen o zamana kadar tekrar talep oluşturmayın."
    ),
    "failed_on_chain": (
        "{network} ağındaki {tx} işlemi ağda başarısız oldu, bu nedenle herhangi bir fon aktarmadı. Cüzdan "
        "ekibimiz ne olduğunu kontrol etmenize yardımcı olabilir."
    ),
    "stuck_low_fee": (
        "{network} ağındaki {tx} işlemi, sunduğu ücret ağın mevcut temel ücretinin altında olduğu için "
        "bloğa eklenmeyi bekliyor. Ağ ücretleri düştüğünde ilerler ya da gönderen onu daha yüksek ücretli "
        "bir işlemle değiştirebilir."
    ),
    "sent_to_contract": (
        "{tx} işlemi {network} ağında {amount} {asset} tutarını bir cüzdana değil, bir akıllı sözleşme "
        "adresine gönderdi. Sözleşmeye gönderilen fonların iade edilip edilemeyeceği o sözleşmeye bağlıdır; "
        "cüzdan ekibimiz durumunuzu inceliyor ve geri alma sözü veremeyiz."
    ),
    "not_our_address": (
        "{network} ağındaki {tx} işlemi, hesabınız için oluşturulan yatırma adreslerinden biri olmayan "
        "bir adrese gönderildi. Hangi adrese gönderdiğinizi teyit edebilir misiniz? Yatırma sayfanız her "
        "ağ için doğru adresi gösterir."
    ),
}
