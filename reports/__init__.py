"""Supervisor reports: FCR, tier-0 effect, trends per team, agent, channel, language and tier, CSV exports."""
