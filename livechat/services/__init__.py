"""Every write of live chat. The widget API, the consumers and the tasks all call these.

A chat is a ticket of channel `chat`: its messages go through the ticket services (so the timeline,
first-response time, audit and metrics are the same as for any channel) with a number taken from
the conversation row, which is locked for it. Realtime events are published after commit.

Split by concern; everything is importable from `livechat.services` as before: `lifecycle` (start,
accept, transfer, end), `offers` (offers, the queue's fill and sweep), `messages` (messages and read
receipts), `after_chat` (rating, a message left instead, the transcript) and `common` (the locked
row and the status events).
"""

from livechat.services.after_chat import (
    MAX_COMMENT,
    chat_leave_message,
    chat_rate,
    chat_transcript_request,
)
from livechat.services.common import QUEUE_UPDATES
from livechat.services.lifecycle import (
    chat_accept,
    chat_assistant_release,
    chat_end,
    chat_start,
    chat_transfer,
    chat_visitor_upsert,
)
from livechat.services.messages import (
    CLIENT_ID,
    Posted,
    chat_message_post,
    chat_read_mark,
    system_reply_post,
)
from livechat.services.offers import (
    chat_decline,
    chat_offer_lapse,
    chat_offers_fill,
    chat_offers_sweep,
    chat_offers_withdraw,
    chat_queues_refresh,
)

__all__ = [
    "CLIENT_ID",
    "MAX_COMMENT",
    "QUEUE_UPDATES",
    "Posted",
    "chat_accept",
    "chat_assistant_release",
    "chat_decline",
    "chat_end",
    "chat_leave_message",
    "chat_message_post",
    "chat_offer_lapse",
    "chat_offers_fill",
    "chat_offers_sweep",
    "chat_offers_withdraw",
    "chat_queues_refresh",
    "chat_rate",
    "chat_read_mark",
    "chat_start",
    "chat_transcript_request",
    "chat_transfer",
    "chat_visitor_upsert",
    "system_reply_post",
]
