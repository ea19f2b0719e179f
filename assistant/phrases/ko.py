# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "한국어",
    "answer_intro": "이 내용에 대해 고객센터에서는 다음과 같이 안내하고 있습니다.",
    "answer_close_chat": "문제가 해결되었나요? 해결되지 않았다면 여기서부터 상담원이 도와드립니다.",
    "answer_close_mail": "문제가 해결되었나요? 해결되지 않았다면 이 메시지에 회신해 주시면 상담원이 도와드립니다.",
    "not_translated": "이 문서는 아직 {language}로 제공되지 않습니다. 영어 버전을 안내해 드립니다.",
    "read_more": "전체 문서 보기: {url}",
    "greeting": (
        "안녕하세요! CryptoX 고객지원 도우미입니다. 입금, 출금, 계정 등 도움이 필요한 내용을 알려 주시면 "
        "답변이나 알맞은 담당자를 찾아 드리겠습니다."
    ),
    "greeting_close_chat": "언제든지 상담원 연결을 요청하실 수 있습니다.",
    "greeting_close_mail": "이 메시지에 질문을 적어 회신해 주세요. 언제든지 상담원 연결을 요청하실 수 있습니다.",
    "redirect_price_prediction": "투자 조언, 가격 예측, 매수·매도할 코인 추천은 해 드릴 수 없습니다.",
    "redirect_other_exchange_account": (
        "다른 플랫폼이나 고객님 개인 지갑에 관한 문의로 보입니다. CryptoX 외부의 계정과 지갑은 확인하거나 "
        "변경할 수 없으므로 해당 플랫폼의 고객지원에 문의해 주세요."
    ),
    "redirect_unsupported_request": "이 요청은 저희 고객지원팀이 처리할 수 없는 일이며, 분명히 말씀드리는 것이 옳다고 생각합니다.",
    "status_intro_withdrawal": "고객님의 출금에 대해 확인된 내용은 다음과 같습니다.",
    "status_intro_deposit": "고객님의 입금에 대해 확인된 내용은 다음과 같습니다.",
    "status_withdrawal_queued": (
        "출금이 처리 대기열에 있으며 아직 네트워크로 전송되지 않았습니다. 출금은 보통 {expected} 이내에 "
        "전송됩니다. 다시 신청하지 말아 주세요."
    ),
    "status_withdrawal_queued_congested": (
        "출금이 처리 대기열에 있습니다. 현재 {network} 네트워크가 혼잡하여 전송까지 최대 {expected}이(가) "
        "걸릴 수 있습니다. 다시 신청하지 말아 주세요."
    ),
    "status_withdrawal_broadcast": (
        "출금이 {network} 네트워크로 전송되었으며 현재 {required}회 중 {confirmations}회 컨펌되었습니다. "
        "보통 {expected} 이내에 완료됩니다."
    ),
    "status_withdrawal_completed": (
        "출금이 완료되어 {network} 네트워크에서 컨펌되었습니다. 받는 플랫폼에 아직 표시되지 않는다면 아래 "
        "트랜잭션 해시를 전달해 주세요. 반영 시점은 받는 플랫폼의 처리 일정에 따릅니다."
    ),
    "status_deposit_confirming": (
        "입금이 {network} 네트워크에 도착했으며 필요한 {required}회 컨펌 중 {confirmations}회를 받았습니다. "
        "{required}회에 도달하면 보통 {expected} 이내에 자동으로 반영됩니다. 따로 하실 일은 없습니다."
    ),
    "status_deposit_credited": "입금이 계정에 반영되었습니다. 잔고와 입금 내역에서 확인하실 수 있습니다.",
    "fact_amount": "금액",
    "fact_network": "네트워크",
    "fact_status": "상태",
    "fact_confirmations": "컨펌 수",
    "fact_tx": "트랜잭션 해시",
    "confirmations_of": "{have}/{need}",
    "state_queued": "처리 대기 중",
    "state_broadcast": "전송됨, 컨펌 대기 중",
    "state_confirming": "컨펌 대기 중",
    "state_completed": "완료",
    "state_credited": "반영 완료",
    "handoff_team": "문의해 주셔서 감사합니다. {team}에 전달했으며, 답변은 여기에서 받아 보실 수 있습니다.",
    "handoff_wait_chat": "약 {wait} 후에 상담원이 이 채팅에 참여할 예정입니다.",
    "handoff_wait": "약 {wait} 이내에 답변을 받으실 수 있습니다.",
    "handoff_off_shift": "담당 팀은 지금 근무 시간이 아닙니다. UTC {time}, 약 {wait} 후에 복귀하여 답변드리겠습니다.",
    "handoff_other_team": "다른 시간대의 동료가 지금 근무 중이어서 더 빨리 처리할 수도 있습니다.",
    "handoff_soon": "상담원이 최대한 빨리 여기에서 답변드리겠습니다.",
    "handoff_details": "작성하신 내용은 모두 전달되었으니 다시 설명하지 않으셔도 됩니다.",
    "safety": (
        "저희는 비밀번호, 2FA 코드, 시드 문구를 절대 요청하지 않습니다. CryptoX 직원이라고 하는 사람에게도 "
        "알려 주지 마세요."
    ),
    "team_general": "고객지원팀",
    "team_wallets_onchain": "지갑 및 온체인 거래 전문팀",
    "team_account_security": "계정 보안팀",
    "team_kyc_verification": "본인 인증팀",
    "team_payments_fiat": "결제팀",
    "team_p2p": "P2P 거래팀",
    "team_trading": "트레이딩 전문팀",
    "team_api": "API 전문팀",
    "team_executive": "선임 고객지원팀",
    "team_none": "고객지원팀",
    "minute_one": "{n}분",
    "minutes": "{n}분",
    "hour_one": "{n}시간",
    "hours": "{n}시간",
    "day_one": "{n}일",
    "days": "{n}일",
    "minutes_few": "{n}분",
    "hours_few": "{n}시간",
    "days_few": "{n}일",
}
