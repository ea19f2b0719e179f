"""Diagnoses of what a customer's hashes and addresses mean.

`cases` holds the pure rules (what the facts mean); `gather` the look-ups that produce the facts.
"""

from triage.diagnose.cases import ALL_CODES, Case, Code, Diagnosis, ExchangeFacts, diagnose

__all__ = ["ALL_CODES", "Case", "Code", "Diagnosis", "ExchangeFacts", "diagnose"]
