# ruff: noqa: E501 (each sentence is kept whole, as translators read it)
PHRASES = {
    "name": "Filipino",
    "answer_intro": "Ito ang sinasabi ng aming help center tungkol dito:",
    "answer_close_chat": "Nasagot ba nito ang tanong mo? Kung hindi pa, isang tao na ang tutulong sa iyo mula rito.",
    "answer_close_mail": "Nasagot ba nito ang tanong mo? Kung hindi pa, sumagot sa mensaheng ito para makausap ang isang tao.",
    "not_translated": "Wala pang bersyon sa {language} ang artikulong ito; narito ito sa Ingles.",
    "read_more": "Basahin ang buong artikulo: {url}",
    "greeting": (
        "Kumusta! Ako ang support assistant ng CryptoX. Sabihin mo kung saan mo kailangan ng tulong, halimbawa "
        "sa deposit, withdrawal o sa account mo, at hahanapin ko ang sagot o ang tamang tao para sa iyo."
    ),
    "greeting_close_chat": "Puwede kang humiling na makausap ang isang tao anumang oras.",
    "greeting_close_mail": "Sumagot sa mensaheng ito kasama ang tanong mo; laging puwedeng humiling na makausap ang isang tao.",
    "redirect_price_prediction": (
        "Hindi kami makapagbibigay ng payo sa pamumuhunan, makahuhula ng presyo, o makapagrerekomenda kung "
        "aling coin ang bibilhin o ibebenta."
    ),
    "redirect_other_exchange_account": (
        "Mukhang tanong ito tungkol sa ibang platform o sa sarili mong wallet. Hindi namin makikita o "
        "mababago ang mga account at wallet sa labas ng CryptoX, kaya ang support ng platform na iyon ang "
        "tamang lapitan."
    ),
    "redirect_unsupported_request": "Hindi ito kayang gawin ng aming support team, at mas gusto naming sabihin ito nang malinaw.",
    "status_intro_withdrawal": "Ito ang nakikita namin sa withdrawal mo:",
    "status_intro_deposit": "Ito ang nakikita namin sa deposit mo:",
    "status_withdrawal_queued": (
        "Nasa processing queue namin ito at hindi pa naipapadala sa network. Karaniwang naipapadala ang mga "
        "withdrawal sa loob ng {expected}; pakiusap, huwag itong i-submit muli."
    ),
    "status_withdrawal_queued_congested": (
        "Nasa processing queue namin ito. Masikip ngayon ang {network} network, kaya maaaring umabot nang "
        "hanggang {expected} bago ito maipadala; pakiusap, huwag itong i-submit muli."
    ),
    "status_withdrawal_broadcast": (
        "Naipadala na ito sa {network} network at may {confirmations} sa {required} na confirmation na. "
        "Karaniwang natatapos ito sa loob ng {expected}."
    ),
    "status_withdrawal_completed": (
        "Tapos na ito at kumpirmado sa {network} network. Kung hindi pa ito lumalabas sa tatanggap na "
        "platform, ibigay sa kanila ang transaction hash sa ibaba: ikinikredito nila ito ayon sa sarili nilang iskedyul."
    ),
    "status_deposit_confirming": (
        "Nakarating na ito sa {network} network at may {confirmations} sa {required} na confirmation na "
        "kailangan namin. Awtomatiko itong ikikredito pagdating sa {required}, karaniwang sa loob ng "
        "{expected}; wala kang kailangang gawin."
    ),
    "status_deposit_credited": "Naikredito na ito sa account mo; makikita mo ito sa balance at deposit history mo.",
    "fact_amount": "Halaga",
    "fact_network": "Network",
    "fact_status": "Status",
    "fact_confirmations": "Mga confirmation",
    "fact_tx": "Transaction hash",
    "confirmations_of": "{have} sa {need}",
    "state_queued": "nasa processing queue",
    "state_broadcast": "naipadala, naghihintay ng confirmation",
    "state_confirming": "naghihintay ng confirmation",
    "state_completed": "tapos na",
    "state_credited": "naikredito na",
    "handoff_team": "Salamat sa mensahe mo. Ipinasa ko ito sa {team}; dito mo matatanggap ang sagot.",
    "handoff_wait_chat": "Inaasahang may sasali sa chat na ito sa loob ng mga {wait}.",
    "handoff_wait": "Asahan ang sagot sa loob ng mga {wait}.",
    "handoff_off_shift": (
        "Wala pa sa duty ang team ngayon: babalik sila nang {time} UTC, mga {wait} mula ngayon, at sasagot sila noon."
    ),
    "handoff_other_team": "May mga kasamahan kami sa ibang time zone na naka-duty ngayon at baka mas maagang makatulong.",
    "handoff_soon": "Sasagot dito ang isang tao sa lalong madaling panahon.",
    "handoff_details": "Nasa kanila na ang lahat ng isinulat mo, kaya hindi mo na kailangang ulitin.",
    "safety": (
        "Hinding-hindi namin hihingin ang password, 2FA code o seed phrase mo. Huwag itong ibigay kaninuman, "
        "kahit sa nagsasabing taga-CryptoX sila."
    ),
    "team_general": "aming support team",
    "team_wallets_onchain": "aming mga espesyalista sa wallet at on-chain",
    "team_account_security": "aming account security team",
    "team_kyc_verification": "aming identity verification team",
    "team_payments_fiat": "aming payments team",
    "team_p2p": "aming P2P trading team",
    "team_trading": "aming mga espesyalista sa trading",
    "team_api": "aming mga espesyalista sa API",
    "team_executive": "aming senior support team",
    "team_none": "aming support team",
    "minute_one": "{n} minuto",
    "minutes": "{n} minuto",
    "hour_one": "{n} oras",
    "hours": "{n} oras",
    "day_one": "{n} araw",
    "days": "{n} araw",
    "minutes_few": "{n} minuto",
    "hours_few": "{n} oras",
    "days_few": "{n} araw",
}
