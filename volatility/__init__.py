"""Surges detected from arrivals and market events marked by supervisors."""
