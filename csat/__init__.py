"""CSAT surveys after a chat or a solved ticket, by the ticket's channel."""
