# ruff: noqa: RUF001 (the letters and punctuation of the language, not look-alikes)
REPLIES = {
    "credited": "您在 {network} 上的 {amount} {asset} 充值已到账。您可以在余额和充值记录中查看。",
    "not_found": (
        "我们在您的账户记录和链上都没有找到交易 {tx}。请您核对交易哈希，并告诉我们您是通过哪个网络发送的。"
    ),
    "awaiting_confirmations": (
        "您在 {network} 上的 {amount} {asset} 充值已上链，目前已获得所需 {required} 个确认中的 "
        "{confirmations} 个。达到 {required} 个确认后将自动到账，您无需进行任何操作。"
    ),
    "deposits_suspended": (
        "您的 {amount} {asset} 充值已到达 {network}。我们这边暂时暂停了 {network} 的充值，"
        "期间到达的充值会在网络恢复后处理。我们会在这里及时告知您进展。"
    ),
    "below_minimum": (
        "您在 {network} 上的 {amount} {asset} 充值低于最低充值金额 {minimum} {asset}，因此未能自动到账。"
        "我们的钱包团队正在审核，并会告知您可选的处理方式。"
    ),
    "not_credited": (
        "您在 {network} 上的 {amount} {asset} 充值已在链上确认，但尚未到账。我们已转交钱包团队调查，"
        "并会在这里告知您结果。"
    ),
    "wrong_network": (
        "交易 {tx} 是通过 {network} 发送的，但该充值地址是为 {expected_network} 生成的。"
        "通过其他网络发送的充值不会自动到账。我们的钱包团队正在审核您的情况，并会告知可行的处理方式；"
        "我们无法承诺资金一定能够找回。"
    ),
    "unsupported_token": (
        "交易 {tx} 发送的 {asset} 代币来自我们在 {network} 上不支持的合约（例如跨链桥版本的代币），"
        "因此不会自动到账。我们的钱包团队正在审核您的情况，并会告知可行的处理方式；我们无法承诺找回。"
    ),
    "memo_missing": (
        "您在 {network} 上的 {amount} {asset} 充值缺少用于识别您账户的备注/标签（memo/tag），"
        "因此无法自动到账。"
        "我们的钱包团队正在审核。请务必填写充值页面上显示的备注/标签。"
    ),
    "memo_wrong": (
        "您在 {network} 上的 {amount} {asset} 充值所带的备注/标签（{memo}）与您的账户不符，因此无法自动到账。"
        "我们的钱包团队正在审核，并会在这里告知您进展。"
    ),
    "withdrawal_queued": (
        "您在 {network} 上的 {amount} {asset} 提现正在我们的处理队列中，尚未发送到链上。"
        "处理后将立即发送，请不要重复提交。"
    ),
    "withdrawal_review": (
        "您在 {network} 上的 {amount} {asset} 提现在发送前正在进行例行审核。如需您提供信息，我们会联系您。"
    ),
    "withdrawal_broadcast": (
        "您的 {amount} {asset} 提现已发送到 {network} 网络（交易 {tx}），正在等待确认：目前为 "
        "{confirmations}/{required}。"
    ),
    "withdrawal_confirmed": (
        "您在 {network} 上的 {amount} {asset} 提现已在链上确认（交易 {tx}）。如果接收平台尚未显示，"
        "请凭此交易哈希联系对方：入账时间取决于对方自己的流程。"
    ),
    "withdrawal_failed": (
        "您在 {network} 上的 {amount} {asset} 提现未能完成。我们的团队正在核查，并会在这里告知您；"
        "在此之前请不要重复提交。"
    ),
    "failed_on_chain": (
        "{network} 上的交易 {tx} 在链上执行失败，因此没有转移任何资金。我们的钱包团队可以帮助您核实具体情况。"
    ),
    "stuck_low_fee": (
        "{network} 上的交易 {tx} 提供的手续费低于当前网络的基础费用，因此正在等待被打包。"
        "网络费用下降后它会继续处理，发送方也可以用更高的手续费替换该交易。"
    ),
    "sent_to_contract": (
        "交易 {tx} 在 {network} 上将 {amount} {asset} 发送到了智能合约地址，而不是钱包。"
        "发送到合约的资金能否退回取决于该合约本身；我们的钱包团队正在审核您的情况，我们无法承诺找回。"
    ),
    "not_our_address": (
        "{network} 上的交易 {tx} 发送到的地址不是为您账户生成的任何一个充值地址。"
        "请您确认一下发送到的地址。"
        "充值页面上显示了每个网络对应的正确地址。"
    ),
}
