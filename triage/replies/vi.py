REPLIES = {
    "credited": (
        "Khoản nạp {amount} {asset} trên mạng {network} của bạn đã được ghi có vào tài khoản. "
        "Bạn có thể xem trong số dư và lịch sử nạp tiền."
    ),
    "not_found": (
        "Chúng tôi không tìm thấy giao dịch {tx} trong lịch sử tài khoản của bạn cũng như trên mạng. "
        "Bạn vui lòng kiểm tra lại mã hash giao dịch và cho chúng tôi biết bạn đã gửi qua mạng nào?"
    ),
    "awaiting_confirmations": (
        "Khoản nạp {amount} {asset} trên mạng {network} của bạn đã lên mạng và có {confirmations} trên "
        "{required} xác nhận cần thiết. Khoản nạp sẽ được ghi có tự động khi đủ {required} xác nhận; bạn "
        "không cần làm gì thêm."
    ),
    "deposits_suspended": (
        "Khoản nạp {amount} {asset} của bạn đã đến mạng {network}. Việc nạp qua mạng {network} đang tạm "
        "dừng ở phía chúng tôi; các khoản đến trong thời gian này sẽ được xử lý khi mạng hoạt động trở lại. "
        "Chúng tôi sẽ cập nhật cho bạn tại đây."
    ),
    "below_minimum": (
        "Khoản nạp {amount} {asset} trên mạng {network} của bạn thấp hơn mức nạp tối thiểu {minimum} "
        "{asset}, nên chưa được ghi có tự động. Đội ví của chúng tôi đang xem xét và sẽ cho bạn biết các "
        "phương án hiện có."
    ),
    "not_credited": (
        "Khoản nạp {amount} {asset} trên mạng {network} của bạn đã được xác nhận trên mạng nhưng chưa được "
        "ghi có. Chúng tôi đã chuyển cho đội ví kiểm tra và sẽ cập nhật cho bạn tại đây."
    ),
    "wrong_network": (
        "Giao dịch {tx} được gửi qua mạng {network}, nhưng địa chỉ nạp được cấp cho mạng "
        "{expected_network}. Khoản nạp gửi qua mạng khác sẽ không được ghi có tự động. Đội ví của chúng tôi "
        "đang xem xét trường hợp của bạn và sẽ cho bạn biết khả năng xử lý; chúng tôi không thể hứa rằng "
        "tiền sẽ được thu hồi."
    ),
    "unsupported_token": (
        "Giao dịch {tx} đã gửi token {asset} từ một hợp đồng mà chúng tôi không hỗ trợ trên mạng {network} "
        "(ví dụ phiên bản bridge của token), nên không được ghi có tự động. Đội ví của chúng tôi đang xem "
        "xét và sẽ cho bạn biết khả năng xử lý; chúng tôi không thể hứa thu hồi."
    ),
    "memo_missing": (
        "Khoản nạp {amount} {asset} trên mạng {network} của bạn đến mà không có memo/tag nhận diện tài "
        "khoản, nên không thể ghi có tự động. Đội ví của chúng tôi đang xem xét. Vui lòng luôn điền "
        "memo/tag hiển thị trên trang nạp tiền của bạn."
    ),
    "memo_wrong": (
        "Khoản nạp {amount} {asset} trên mạng {network} của bạn đến với memo/tag ({memo}) không khớp với "
        "tài khoản của bạn, nên không thể ghi có tự động. Đội ví của chúng tôi đang xem xét và sẽ cập nhật "
        "cho bạn tại đây."
    ),
    "withdrawal_queued": (
        "Lệnh rút {amount} {asset} trên mạng {network} của bạn đang trong hàng đợi xử lý và chưa được gửi "
        "lên mạng. Lệnh sẽ được gửi ngay khi xử lý xong; vui lòng không tạo lại lệnh."
    ),
    "withdrawal_review": (
        "Lệnh rút {amount} {asset} trên mạng {network} của bạn đang được kiểm tra định kỳ trước khi gửi. "
        "Chúng tôi sẽ liên hệ nếu cần thêm thông tin từ bạn."
    ),
    "withdrawal_broadcast": (
        "Lệnh rút {amount} {asset} của bạn đã được gửi lên mạng {network} (giao dịch {tx}) và đang chờ xác "
        "nhận: hiện có {confirmations} trên {required}."
    ),
    "withdrawal_confirmed": (
        "Lệnh rút {amount} {asset} trên mạng {network} của bạn đã được xác nhận trên mạng (giao dịch {tx}). "
        "Nếu nền tảng nhận chưa hiển thị, vui lòng liên hệ họ kèm mã hash này: họ ghi có theo quy trình "
        "riêng của họ."
    ),
    "withdrawal_failed": (
        "Lệnh rút {amount} {asset} trên mạng {network} của bạn không thể hoàn tất. Đội ngũ của chúng tôi "
        "đang kiểm tra và sẽ cập nhật tại đây; vui lòng không tạo lại lệnh cho đến lúc đó."
    ),
    "failed_on_chain": (
        "Giao dịch {tx} trên mạng {network} đã thất bại trên mạng, nên không chuyển khoản tiền nào. Đội ví "
        "của chúng tôi có thể giúp bạn kiểm tra chuyện gì đã xảy ra."
    ),
    "stuck_low_fee": (
        "Giao dịch {tx} trên mạng {network} đang chờ được đưa vào khối vì mức phí đưa ra thấp hơn phí cơ "
        "sở hiện tại của mạng. Giao dịch sẽ tiếp tục khi phí mạng giảm, hoặc người gửi có thể thay thế "
        "bằng giao dịch có phí cao hơn."
    ),
    "sent_to_contract": (
        "Giao dịch {tx} đã gửi {amount} {asset} trên mạng {network} đến địa chỉ hợp đồng thông minh, không "
        "phải một ví. Việc hoàn trả tiền gửi vào hợp đồng phụ thuộc vào chính hợp đồng đó; đội ví của chúng "
        "tôi đang xem xét và chúng tôi không thể hứa thu hồi."
    ),
    "not_our_address": (
        "Giao dịch {tx} trên mạng {network} đã được gửi đến một địa chỉ không thuộc các địa chỉ nạp được "
        "cấp cho tài khoản của bạn. Bạn vui lòng xác nhận địa chỉ đã gửi đến? Trang nạp tiền của bạn "
        "hiển thị địa chỉ đúng cho từng mạng."
    ),
}
