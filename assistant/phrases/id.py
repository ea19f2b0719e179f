# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "bahasa Indonesia",
    "answer_intro": "Berikut penjelasan pusat bantuan kami tentang hal ini:",
    "answer_close_chat": "Apakah ini menyelesaikan masalah Anda? Jika belum, petugas kami akan melanjutkan dari sini.",
    "answer_close_mail": "Apakah ini menyelesaikan masalah Anda? Jika belum, balas pesan ini untuk terhubung dengan petugas kami.",
    "not_translated": "Artikel ini belum tersedia dalam {language}; berikut versi bahasa Inggrisnya.",
    "read_more": "Baca artikel lengkapnya: {url}",
    "greeting": (
        "Halo! Saya asisten dukungan CryptoX. Ceritakan apa yang Anda perlukan, misalnya soal deposit, "
        "penarikan, atau akun Anda, dan saya akan mencarikan jawabannya atau orang yang tepat."
    ),
    "greeting_close_chat": "Anda dapat meminta berbicara dengan petugas kapan saja.",
    "greeting_close_mail": "Balas pesan ini dengan pertanyaan Anda; petugas kami selalu dapat dihubungi dengan satu balasan.",
    "redirect_price_prediction": (
        "Kami tidak dapat memberikan saran investasi, memprediksi harga, atau merekomendasikan koin yang "
        "sebaiknya dibeli atau dijual."
    ),
    "redirect_other_exchange_account": (
        "Sepertinya ini pertanyaan tentang platform lain atau dompet pribadi Anda. Kami tidak dapat melihat "
        "atau mengubah akun dan dompet di luar CryptoX, jadi dukungan platform tersebut adalah tempat yang tepat."
    ),
    "redirect_unsupported_request": "Ini adalah hal yang tidak dapat dilakukan tim dukungan kami, dan kami lebih suka mengatakannya dengan jelas.",
    "status_intro_withdrawal": "Berikut yang kami lihat untuk penarikan Anda:",
    "status_intro_deposit": "Berikut yang kami lihat untuk deposit Anda:",
    "status_withdrawal_queued": (
        "Penarikan ini ada dalam antrean pemrosesan kami dan belum dikirim ke jaringan. Penarikan biasanya "
        "dikirim dalam {expected}; mohon jangan mengajukannya lagi."
    ),
    "status_withdrawal_queued_congested": (
        "Penarikan ini ada dalam antrean pemrosesan kami. Jaringan {network} sedang padat, sehingga "
        "pengiriman bisa memakan waktu hingga {expected}; mohon jangan mengajukannya lagi."
    ),
    "status_withdrawal_broadcast": (
        "Penarikan ini telah dikirim ke jaringan {network} dan sejauh ini mendapat {confirmations} dari "
        "{required} konfirmasi. Biasanya selesai dalam {expected}."
    ),
    "status_withdrawal_completed": (
        "Penarikan ini sudah selesai dan terkonfirmasi di jaringan {network}. Jika belum muncul di platform "
        "penerima, berikan hash transaksi di bawah kepada mereka: mereka mengkreditkannya sesuai jadwal mereka sendiri."
    ),
    "status_deposit_confirming": (
        "Deposit ini sudah sampai di jaringan {network} dan memiliki {confirmations} dari {required} "
        "konfirmasi yang kami perlukan. Deposit dikreditkan otomatis setelah {required} konfirmasi, biasanya "
        "dalam {expected}; Anda tidak perlu melakukan apa pun."
    ),
    "status_deposit_credited": "Deposit ini sudah dikreditkan ke akun Anda; Anda dapat melihatnya di saldo dan riwayat deposit.",
    "fact_amount": "Jumlah",
    "fact_network": "Jaringan",
    "fact_status": "Status",
    "fact_confirmations": "Konfirmasi",
    "fact_tx": "Hash transaksi",
    "confirmations_of": "{have} dari {need}",
    "state_queued": "dalam antrean pemrosesan",
    "state_broadcast": "terkirim, menunggu konfirmasi",
    "state_confirming": "menunggu konfirmasi",
    "state_completed": "selesai",
    "state_credited": "dikreditkan",
    "handoff_team": "Terima kasih atas pesan Anda. Saya telah meneruskannya ke {team}; jawabannya akan Anda terima di sini.",
    "handoff_wait_chat": "Petugas kami diperkirakan bergabung ke obrolan ini dalam sekitar {wait}.",
    "handoff_wait": "Anda dapat mengharapkan balasan dalam sekitar {wait}.",
    "handoff_off_shift": (
        "Tim sedang tidak bertugas: mereka kembali pukul {time} UTC, sekitar {wait} lagi, dan akan membalas saat itu."
    ),
    "handoff_other_team": "Rekan kami di zona waktu lain sedang bertugas dan mungkin bisa menanganinya lebih cepat.",
    "handoff_soon": "Petugas kami akan membalas di sini secepat mungkin.",
    "handoff_details": "Semua yang Anda tulis sudah mereka terima, jadi Anda tidak perlu mengulanginya.",
    "safety": (
        "Kami tidak akan pernah meminta kata sandi, kode 2FA, atau frasa seed Anda. Jangan bagikan kepada "
        "siapa pun, termasuk orang yang mengaku bekerja untuk CryptoX."
    ),
    "team_general": "tim dukungan kami",
    "team_wallets_onchain": "spesialis dompet dan transaksi on-chain kami",
    "team_account_security": "tim keamanan akun kami",
    "team_kyc_verification": "tim verifikasi identitas kami",
    "team_payments_fiat": "tim pembayaran kami",
    "team_p2p": "tim perdagangan P2P kami",
    "team_trading": "spesialis trading kami",
    "team_api": "spesialis API kami",
    "team_executive": "tim dukungan senior kami",
    "team_none": "tim dukungan kami",
    "minute_one": "{n} menit",
    "minutes": "{n} menit",
    "hour_one": "{n} jam",
    "hours": "{n} jam",
    "day_one": "{n} hari",
    "days": "{n} hari",
    "minutes_few": "{n} menit",
    "hours_few": "{n} jam",
    "days_few": "{n} hari",
}
