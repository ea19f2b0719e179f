# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "tiếng Việt",
    "answer_intro": "Trung tâm trợ giúp của chúng tôi hướng dẫn về vấn đề này như sau:",
    "answer_close_chat": "Thông tin này đã giải quyết được vấn đề của bạn chưa? Nếu chưa, nhân viên của chúng tôi sẽ tiếp nhận từ đây.",
    "answer_close_mail": "Thông tin này đã giải quyết được vấn đề của bạn chưa? Nếu chưa, hãy trả lời thư này để được nhân viên hỗ trợ.",
    "not_translated": "Bài viết này chưa có bản {language}; dưới đây là bản tiếng Anh.",
    "read_more": "Đọc toàn bộ bài viết: {url}",
    "greeting": (
        "Xin chào! Tôi là trợ lý hỗ trợ của CryptoX. Hãy cho tôi biết bạn cần giúp gì, ví dụ về nạp tiền, "
        "rút tiền hoặc tài khoản, và tôi sẽ tìm câu trả lời hoặc người phù hợp cho bạn."
    ),
    "greeting_close_chat": "Bạn có thể yêu cầu nói chuyện với nhân viên bất cứ lúc nào.",
    "greeting_close_mail": "Hãy trả lời thư này kèm câu hỏi của bạn; bạn luôn có thể yêu cầu gặp nhân viên.",
    "redirect_price_prediction": (
        "Chúng tôi không thể tư vấn đầu tư, dự đoán giá hay khuyên bạn nên mua hoặc bán đồng coin nào."
    ),
    "redirect_other_exchange_account": (
        "Có vẻ đây là câu hỏi về một nền tảng khác hoặc ví cá nhân của bạn. Chúng tôi không thể xem hay "
        "thay đổi tài khoản và ví bên ngoài CryptoX, vì vậy bộ phận hỗ trợ của nền tảng đó là nơi phù hợp."
    ),
    "redirect_unsupported_request": "Đây là việc đội ngũ hỗ trợ của chúng tôi không thể làm, và chúng tôi muốn nói rõ điều đó.",
    "status_intro_withdrawal": "Đây là thông tin chúng tôi thấy về lệnh rút của bạn:",
    "status_intro_deposit": "Đây là thông tin chúng tôi thấy về khoản nạp của bạn:",
    "status_withdrawal_queued": (
        "Lệnh rút đang trong hàng chờ xử lý và chưa được gửi lên mạng lưới. Lệnh rút thường được gửi trong "
        "vòng {expected}; vui lòng không tạo lại lệnh."
    ),
    "status_withdrawal_queued_congested": (
        "Lệnh rút đang trong hàng chờ xử lý. Mạng {network} hiện đang tắc nghẽn nên việc gửi có thể mất "
        "đến {expected}; vui lòng không tạo lại lệnh."
    ),
    "status_withdrawal_broadcast": (
        "Lệnh rút đã được gửi lên mạng {network} và đến nay có {confirmations} trên {required} xác nhận. "
        "Thông thường lệnh hoàn tất trong vòng {expected}."
    ),
    "status_withdrawal_completed": (
        "Lệnh rút đã hoàn tất và được xác nhận trên mạng {network}. Nếu nền tảng nhận chưa hiển thị, hãy "
        "gửi cho họ mã hash giao dịch bên dưới: họ ghi có theo lịch của riêng họ."
    ),
    "status_deposit_confirming": (
        "Khoản nạp đã đến mạng {network} và có {confirmations} trên {required} xác nhận chúng tôi cần. Khoản "
        "nạp được ghi có tự động khi đủ {required}, thường trong vòng {expected}; bạn không cần làm gì thêm."
    ),
    "status_deposit_credited": "Khoản nạp đã được ghi có vào tài khoản; bạn có thể thấy trong số dư và lịch sử nạp tiền.",
    "fact_amount": "Số tiền",
    "fact_network": "Mạng",
    "fact_status": "Trạng thái",
    "fact_confirmations": "Xác nhận",
    "fact_tx": "Mã hash giao dịch",
    "confirmations_of": "{have}/{need}",
    "state_queued": "trong hàng chờ xử lý",
    "state_broadcast": "đã gửi, đang chờ xác nhận",
    "state_confirming": "đang chờ xác nhận",
    "state_completed": "đã hoàn tất",
    "state_credited": "đã ghi có",
    "handoff_team": "Cảm ơn bạn đã nhắn tin. Tôi đã chuyển yêu cầu đến {team}; bạn sẽ nhận được phản hồi tại đây.",
    "handoff_wait_chat": "Nhân viên dự kiến sẽ tham gia cuộc trò chuyện này trong khoảng {wait}.",
    "handoff_wait": "Bạn có thể nhận được phản hồi trong khoảng {wait}.",
    "handoff_off_shift": (
        "Đội ngũ hiện không trong ca làm việc: họ sẽ quay lại lúc {time} UTC, khoảng {wait} nữa, và sẽ trả lời bạn khi đó."
    ),
    "handoff_other_team": "Đồng nghiệp ở múi giờ khác đang làm việc và có thể xử lý sớm hơn.",
    "handoff_soon": "Nhân viên sẽ trả lời bạn tại đây sớm nhất có thể.",
    "handoff_details": "Họ đã có mọi thông tin bạn viết, nên bạn không cần nhắc lại.",
    "safety": (
        "Chúng tôi sẽ không bao giờ hỏi mật khẩu, mã 2FA hay cụm từ khôi phục (seed phrase) của bạn. Đừng "
        "chia sẻ chúng với bất kỳ ai, kể cả người tự xưng là nhân viên CryptoX."
    ),
    "team_general": "đội ngũ hỗ trợ của chúng tôi",
    "team_wallets_onchain": "các chuyên viên về ví và giao dịch on-chain của chúng tôi",
    "team_account_security": "đội ngũ bảo mật tài khoản của chúng tôi",
    "team_kyc_verification": "đội ngũ xác minh danh tính của chúng tôi",
    "team_payments_fiat": "đội ngũ thanh toán của chúng tôi",
    "team_p2p": "đội ngũ giao dịch P2P của chúng tôi",
    "team_trading": "các chuyên viên giao dịch của chúng tôi",
    "team_api": "các chuyên viên API của chúng tôi",
    "team_executive": "đội ngũ hỗ trợ cấp cao của chúng tôi",
    "team_none": "đội ngũ hỗ trợ của chúng tôi",
    "minute_one": "{n} phút",
    "minutes": "{n} phút",
    "hour_one": "{n} giờ",
    "hours": "{n} giờ",
    "day_one": "{n} ngày",
    "days": "{n} ngày",
    "minutes_few": "{n} phút",
    "hours_few": "{n} giờ",
    "days_few": "{n} ngày",
}
