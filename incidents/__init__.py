"""Incident mode: declared incidents, their public messages, linked tickets and bulk updates."""
