REPLIES = {
    "credited": (
        "Deposit Anda sebesar {amount} {asset} di jaringan {network} sudah dikreditkan ke akun Anda. "
        "Anda dapat melihatnya di saldo dan riwayat deposit."
    ),
    "not_found": (
        "Kami tidak menemukan transaksi {tx} di riwayat akun Anda maupun di jaringan. "
        "Mohon periksa kembali hash transaksi dan beri tahu kami melalui jaringan apa Anda mengirimnya."
    ),
    "awaiting_confirmations": (
        "Deposit Anda sebesar {amount} {asset} di jaringan {network} sudah masuk ke jaringan dan memiliki "
        "{confirmations} dari {required} konfirmasi yang diperlukan. Deposit akan dikreditkan otomatis "
        "setelah mencapai {required}; Anda tidak perlu melakukan apa pun."
    ),
    "deposits_suspended": (
        "Deposit Anda sebesar {amount} {asset} sudah tiba di jaringan {network}. Deposit melalui {network} "
        "sedang dijeda sementara di pihak kami; deposit yang masuk selama itu diproses saat jaringan dibuka "
        "kembali. Kami akan memberi kabar di sini."
    ),
    "below_minimum": (
        "Deposit Anda sebesar {amount} {asset} di jaringan {network} di bawah deposit minimum {minimum} "
        "{asset}, sehingga tidak dikreditkan otomatis. Tim dompet kami sedang meninjaunya dan akan "
        "memberi tahu pilihan yang tersedia."
    ),
    "not_credited": (
        "Deposit Anda sebesar {amount} {asset} di jaringan {network} sudah terkonfirmasi di jaringan tetapi "
        "belum dikreditkan. Kami sudah meneruskannya ke tim dompet untuk diperiksa dan akan memberi kabar "
        "di sini."
    ),
    "wrong_network": (
        "Transaksi {tx} dikirim melalui {network}, tetapi alamat deposit diterbitkan untuk "
        "{expected_network}. Deposit yang dikirim melalui jaringan lain tidak dikreditkan otomatis. Tim "
        "dompet kami sedang meninjau kasus Anda dan akan memberi tahu apa yang mungkin dilakukan; kami tidak "
        "dapat menjanjikan dana dapat dipulihkan."
    ),
    "unsupported_token": (
        "Transaksi {tx} mengirim token {asset} dari kontrak yang tidak kami dukung di {network} (misalnya "
        "versi bridge dari token tersebut), sehingga tidak dikreditkan otomatis. Tim dompet kami sedang "
        "meninjau kasus Anda dan akan memberi tahu apa yang mungkin; kami tidak dapat menjanjikan pemulihan."
    ),
    "memo_missing": (
        "Deposit Anda sebesar {amount} {asset} di jaringan {network} tiba tanpa memo/tag yang "
        "mengidentifikasi akun Anda, sehingga tidak dapat dikreditkan otomatis. Tim dompet kami sedang "
        "meninjaunya. Selalu sertakan memo/tag yang tertera di halaman deposit Anda."
    ),
    "memo_wrong": (
        "Deposit Anda sebesar {amount} {asset} di jaringan {network} tiba dengan memo/tag ({memo}) yang "
        "tidak sesuai dengan akun Anda, sehingga tidak dapat dikreditkan otomatis. Tim dompet kami sedang "
        "meninjaunya dan akan memberi kabar di sini."
    ),
    "withdrawal_queued": (
        "Penarikan Anda sebesar {amount} {asset} di jaringan {network} ada di antrean pemrosesan kami dan "
        "belum dikirim ke jaringan. Penarikan akan dikirim segera setelah diproses; mohon jangan ajukan "
        "ulang."
    ),
    "withdrawal_review": (
        "Penarikan Anda sebesar {amount} {asset} di jaringan {network} sedang melalui peninjauan rutin "
        "sebelum dikirim. Kami akan menghubungi Anda jika memerlukan sesuatu."
    ),
    "withdrawal_broadcast": (
        "Penarikan Anda sebesar {amount} {asset} sudah dikirim ke jaringan {network} (transaksi {tx}) dan "
        "sedang menunggu konfirmasi: sejauh ini {confirmations} dari {required}."
    ),
    "withdrawal_confirmed": (
        "Penarikan Anda sebesar {amount} {asset} di jaringan {network} sudah terkonfirmasi di jaringan "
        "(transaksi {tx}). Jika belum muncul di platform penerima, silakan hubungi mereka dengan hash ini: "
        "mereka mengkreditkan sesuai proses mereka sendiri."
    ),
    "withdrawal_failed": (
        "Penarikan Anda sebesar {amount} {asset} di jaringan {network} tidak dapat diselesaikan. Tim kami "
        "sedang memeriksanya dan akan memberi kabar di sini; mohon jangan ajukan ulang sampai saat itu."
    ),
    "failed_on_chain": (
        "Transaksi {tx} di jaringan {network} gagal di jaringan, sehingga tidak memindahkan dana apa pun. "
        "Tim dompet kami dapat membantu Anda memeriksa apa yang terjadi."
    ),
    "stuck_low_fee": (
        "Transaksi {tx} di jaringan {network} sedang menunggu dimasukkan ke blok karena biaya yang "
        "ditawarkan lebih rendah dari biaya dasar jaringan saat ini. Transaksi akan berlanjut ketika biaya "
        "turun, atau pengirim dapat menggantinya dengan biaya yang lebih tinggi."
    ),
    "sent_to_contract": (
        "Transaksi {tx} mengirim {amount} {asset} di jaringan {network} ke alamat kontrak pintar, bukan ke "
        "dompet. Apakah dana yang dikirim ke kontrak dapat dikembalikan bergantung pada kontrak tersebut; "
        "tim dompet kami sedang meninjau kasus Anda dan kami tidak dapat menjanjikan pemulihan."
    ),
    "not_our_address": (
        "Transaksi {tx} di jaringan {network} dikirim ke alamat yang bukan salah satu alamat deposit "
        "yang diterbitkan untuk akun Anda. Mohon konfirmasi alamat tujuan pengiriman Anda. Halaman "
        "deposit Anda menampilkan alamat yang benar untuk setiap jaringan."
    ),
}
