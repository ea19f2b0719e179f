"""The exchange beside the helpdesk: the typed client of its API and the reference exchange."""
