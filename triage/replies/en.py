REPLIES = {
    "credited": (
        "Your deposit of {amount} {asset} on {network} has been credited to your account. "
        "You can see it in your balance and in your deposit history."
    ),
    "not_found": (
        "We could not find the transaction {tx} in your account history or on the network. "
        "Could you check the transaction hash and tell us which network you sent it over?"
    ),
    "awaiting_confirmations": (
        "Your deposit of {amount} {asset} on {network} has reached the network and has {confirmations} of "
        "the {required} confirmations we need. It is credited automatically once it reaches {required}; "
        "there is nothing you need to do."
    ),
    "deposits_suspended": (
        "Your deposit of {amount} {asset} has arrived on {network}. Deposits on {network} are temporarily "
        "paused on our side; deposits that arrive meanwhile are processed when the network is resumed. "
        "We will keep you updated here."
    ),
    "below_minimum": (
        "Your deposit of {amount} {asset} on {network} is below the minimum deposit of {minimum} {asset}, "
        "so it was not credited automatically. Our wallet team is reviewing it and will tell you which "
        "options are available."
    ),
    "not_credited": (
        "Your deposit of {amount} {asset} on {network} is confirmed on the network but not yet credited. "
        "We have passed it to our wallet team to investigate and will update you here."
    ),
    "wrong_network": (
        "The transaction {tx} was sent over {network}, but the deposit address was issued for "
        "{expected_network}. Deposits sent over a different network are not credited automatically. "
        "Our wallet team is reviewing your case and will tell you what is possible; we cannot promise "
        "that the funds can be recovered."
    ),
    "unsupported_token": (
        "The transaction {tx} sent a {asset} token from a contract we do not support on {network} "
        "(for example a bridged version of the token), so it is not credited automatically. Our wallet "
        "team is reviewing your case and will tell you what is possible; we cannot promise a recovery."
    ),
    "memo_missing": (
        "Your deposit of {amount} {asset} on {network} arrived without the memo/tag that identifies your "
        "account, so it could not be credited automatically. Our wallet team is reviewing it. Please "
        "always include the memo/tag shown on your deposit page."
    ),
    "memo_wrong": (
        "Your deposit of {amount} {asset} on {network} arrived with a memo/tag ({memo}) that does not "
        "match your account, so it could not be credited automatically. Our wallet team is reviewing it "
        "and will update you here."
    ),
    "withdrawal_queued": (
        "Your withdrawal of {amount} {asset} on {network} is in our processing queue and has not been "
        "sent to the network yet. It is sent as soon as it is processed; please do not submit it again."
    ),
    "withdrawal_review": (
        "Your withdrawal of {amount} {asset} on {network} is going through a routine review before it is "
        "sent. We will contact you if we need anything from you."
    ),
    "withdrawal_broadcast": (
        "Your withdrawal of {amount} {asset} has been sent to the {network} network (transaction {tx}) "
        "and is waiting for confirmations: {confirmations} of {required} so far."
    ),
    "withdrawal_confirmed": (
        "Your withdrawal of {amount} {asset} on {network} is confirmed on the network (transaction {tx}). "
        "If it does not show at the receiving platform yet, please contact them with this transaction "
        "hash: they credit it on their own schedule."
    ),
    "withdrawal_failed": (
        "Your withdrawal of {amount} {asset} on {network} could not be completed. Our team is checking it "
        "and will update you here; please do not submit it again until then."
    ),
    "failed_on_chain": (
        "The transaction {tx} on {network} failed on the network, so it did not transfer any funds. "
        "Our wallet team can help you check what happened."
    ),
    "stuck_low_fee": (
        "The transaction {tx} on {network} is waiting to be included because the fee it offers is below "
        "the network's current base fee. It proceeds when network fees fall, or the sender can replace it "
        "with a higher fee."
    ),
    "sent_to_contract": (
        "The transaction {tx} sent {amount} {asset} on {network} to a smart contract address, not to a "
        "wallet. Whether funds sent to a contract can be returned depends on that contract; our wallet "
        "team is reviewing your case, and we cannot promise a recovery."
    ),
    "not_our_address": (
        "The transaction {tx} on {network} went to an address that is not one of the deposit addresses "
        "issued to your account. Could you confirm the address you sent it to? Your deposit page shows "
        "the right address for each network."
    ),
}
