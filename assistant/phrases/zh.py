# ruff: noqa: E501, RUF001 (each sentence kept whole; the letters and punctuation of the language, not look-alikes)
PHRASES = {
    "name": "中文",
    "answer_intro": "关于这个问题，我们的帮助中心是这样说明的：",
    "answer_close_chat": "这解决您的问题了吗？如果没有，接下来将由工作人员为您处理。",
    "answer_close_mail": "这解决您的问题了吗？如果没有，请回复此消息，工作人员会为您处理。",
    "not_translated": "本文暂无{language}版本，以下为英文版。",
    "read_more": "阅读全文：{url}",
    "greeting": (
        "您好！我是 CryptoX 的客服助手。请告诉我您需要哪方面的帮助，例如充值、提现或账户问题，"
        "我会为您找到答案或合适的工作人员。"
    ),
    "greeting_close_chat": "您可以随时要求转接人工客服。",
    "greeting_close_mail": "请直接回复此消息并写下您的问题；您随时可以要求人工客服处理。",
    "redirect_price_prediction": "我们无法提供投资建议、预测价格，也无法推荐买入或卖出哪种币。",
    "redirect_other_exchange_account": (
        "这似乎是关于其他平台或您自己钱包的问题。我们无法查看或更改 CryptoX 以外的账户和钱包，"
        "请联系该平台的客服。"
    ),
    "redirect_unsupported_request": "这是我们的客服团队无法办理的事项，我们希望坦率地告诉您。",
    "status_intro_withdrawal": "以下是我们看到的您这笔提现的情况：",
    "status_intro_deposit": "以下是我们看到的您这笔充值的情况：",
    "status_withdrawal_queued": (
        "这笔提现正在我们的处理队列中，尚未发送到网络。提现通常会在{expected}内发出；请不要重复提交。"
    ),
    "status_withdrawal_queued_congested": (
        "这笔提现正在我们的处理队列中。{network} 网络目前拥堵，发送可能需要最多{expected}；请不要重复提交。"
    ),
    "status_withdrawal_broadcast": (
        "这笔提现已发送到 {network} 网络，目前已获得 {confirmations}/{required} 个确认，通常会在{expected}内完成。"
    ),
    "status_withdrawal_completed": (
        "这笔提现已完成，并已在 {network} 网络上确认。如果接收平台尚未显示，请把下面的交易哈希提供给对方："
        "他们会按照自己的流程入账。"
    ),
    "status_deposit_confirming": (
        "这笔充值已到达 {network} 网络，已获得我们所需 {required} 个确认中的 {confirmations} 个。达到 {required} "
        "个确认后会自动入账，通常在{expected}内；您无需进行任何操作。"
    ),
    "status_deposit_credited": "这笔充值已存入您的账户，您可以在余额和充值记录中查看。",
    "fact_amount": "金额",
    "fact_network": "网络",
    "fact_status": "状态",
    "fact_confirmations": "确认数",
    "fact_tx": "交易哈希",
    "confirmations_of": "{have}/{need}",
    "state_queued": "处理队列中",
    "state_broadcast": "已发送，等待确认",
    "state_confirming": "等待确认",
    "state_completed": "已完成",
    "state_credited": "已入账",
    "handoff_team": "感谢您的留言。我已将其转交给{team}，您会在这里收到回复。",
    "handoff_wait_chat": "预计约{wait}后会有工作人员加入此对话。",
    "handoff_wait": "预计约{wait}内会回复您。",
    "handoff_off_shift": "团队目前不在工作时间：他们将于 UTC {time} 回来，约{wait}后，届时会回复您。",
    "handoff_other_team": "其他时区的同事目前在岗，可能会更早处理。",
    "handoff_soon": "工作人员会尽快在这里回复您。",
    "handoff_details": "您写的所有内容他们都能看到，无需重复说明。",
    "safety": "我们绝不会索要您的密码、2FA 验证码或助记词。请勿向任何人透露，即使对方自称是 CryptoX 的员工。",
    "team_general": "我们的客服团队",
    "team_wallets_onchain": "我们的钱包与链上交易专员",
    "team_account_security": "我们的账户安全团队",
    "team_kyc_verification": "我们的身份验证团队",
    "team_payments_fiat": "我们的支付团队",
    "team_p2p": "我们的 P2P 交易团队",
    "team_trading": "我们的交易专员",
    "team_api": "我们的 API 专员",
    "team_executive": "我们的高级客服团队",
    "team_none": "我们的客服团队",
    "minute_one": " {n} 分钟",
    "minutes": " {n} 分钟",
    "hour_one": " {n} 小时",
    "hours": " {n} 小时",
    "day_one": " {n} 天",
    "days": " {n} 天",
    "minutes_few": " {n} 分钟",
    "hours_few": " {n} 小时",
    "days_few": " {n} 天",
}
