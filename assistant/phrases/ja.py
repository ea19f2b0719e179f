# ruff: noqa: E501, RUF001 (each sentence kept whole; the letters and punctuation of the language, not look-alikes)
PHRASES = {
    "name": "日本語",
    "answer_intro": "この件について、ヘルプセンターでは次のようにご案内しています。",
    "answer_close_chat": "問題は解決しましたか？解決していない場合は、ここから担当者が対応いたします。",
    "answer_close_mail": "問題は解決しましたか？解決していない場合は、このメッセージにご返信いただければ担当者が対応いたします。",
    "not_translated": "この記事はまだ{language}版がありません。英語版をご覧ください。",
    "read_more": "記事の全文はこちら：{url}",
    "greeting": (
        "こんにちは。CryptoX サポートのアシスタントです。入金、出金、アカウントなど、お困りのことを"
        "お知らせください。回答、または適切な担当者をお探しします。"
    ),
    "greeting_close_chat": "いつでも担当者との会話をご希望いただけます。",
    "greeting_close_mail": "ご質問はこのメッセージへの返信でお送りください。担当者による対応もいつでもご希望いただけます。",
    "redirect_price_prediction": "投資助言、価格の予想、売買すべき銘柄のおすすめはいたしかねます。",
    "redirect_other_exchange_account": (
        "他のプラットフォームまたはご自身のウォレットに関するご質問のようです。CryptoX 以外のアカウントや"
        "ウォレットは確認も変更もできないため、そのプラットフォームのサポートへお問い合わせください。"
    ),
    "redirect_unsupported_request": "これはサポートチームでは対応できない内容です。はっきりお伝えしておきます。",
    "status_intro_withdrawal": "お客様の出金について、当社で確認できる状況は次のとおりです。",
    "status_intro_deposit": "お客様の入金について、当社で確認できる状況は次のとおりです。",
    "status_withdrawal_queued": (
        "出金は処理待ちの列にあり、まだネットワークに送信されていません。出金は通常{expected}以内に送信されます。"
        "再申請はしないでください。"
    ),
    "status_withdrawal_queued_congested": (
        "出金は処理待ちの列にあります。現在 {network} ネットワークが混雑しているため、送信まで最大{expected}"
        "かかる場合があります。再申請はしないでください。"
    ),
    "status_withdrawal_broadcast": (
        "出金は {network} ネットワークに送信され、現在 {required} 承認中 {confirmations} 承認です。"
        "通常{expected}以内に完了します。"
    ),
    "status_withdrawal_completed": (
        "出金は完了し、{network} ネットワーク上で承認されています。受取先でまだ反映されていない場合は、"
        "下記のトランザクションハッシュを受取先にお伝えください。反映は受取先の処理スケジュールによります。"
    ),
    "status_deposit_confirming": (
        "入金は {network} ネットワークに届いており、必要な {required} 承認のうち {confirmations} 承認を得ています。"
        "{required} 承認に達すると通常{expected}以内に自動で反映されます。お客様の操作は不要です。"
    ),
    "status_deposit_credited": "入金はアカウントに反映済みです。残高と入金履歴でご確認いただけます。",
    "fact_amount": "金額",
    "fact_network": "ネットワーク",
    "fact_status": "状況",
    "fact_confirmations": "承認数",
    "fact_tx": "トランザクションハッシュ",
    "confirmations_of": "{have}/{need}",
    "state_queued": "処理待ち",
    "state_broadcast": "送信済み・承認待ち",
    "state_confirming": "承認待ち",
    "state_completed": "完了",
    "state_credited": "反映済み",
    "handoff_team": "お問い合わせありがとうございます。{team}に引き継ぎました。回答はこちらでお送りします。",
    "handoff_wait_chat": "約{wait}で担当者がこのチャットに参加する見込みです。",
    "handoff_wait": "約{wait}以内に回答をお送りする見込みです。",
    "handoff_off_shift": "担当チームは現在営業時間外です。UTC {time}（約{wait}後）に戻り次第、回答いたします。",
    "handoff_other_team": "別のタイムゾーンのスタッフが現在対応中のため、より早く対応できる場合があります。",
    "handoff_soon": "できるだけ早く担当者がこちらで回答いたします。",
    "handoff_details": "お書きいただいた内容はすべて担当者に伝わっていますので、繰り返していただく必要はありません。",
    "safety": (
        "当社がパスワード、2FA コード、シードフレーズをお尋ねすることは決してありません。CryptoX の社員を"
        "名乗る人物であっても、誰にも教えないでください。"
    ),
    "team_general": "サポートチーム",
    "team_wallets_onchain": "ウォレット・オンチェーン取引の専門チーム",
    "team_account_security": "アカウントセキュリティチーム",
    "team_kyc_verification": "本人確認チーム",
    "team_payments_fiat": "決済チーム",
    "team_p2p": "P2P 取引チーム",
    "team_trading": "トレードの専門チーム",
    "team_api": "API の専門チーム",
    "team_executive": "シニアサポートチーム",
    "team_none": "サポートチーム",
    "minute_one": "{n}分",
    "minutes": "{n}分",
    "hour_one": "{n}時間",
    "hours": "{n}時間",
    "day_one": "{n}日",
    "days": "{n}日",
    "minutes_few": "{n}分",
    "hours_few": "{n}時間",
    "days_few": "{n}日",
}
