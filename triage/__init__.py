"""Technical triage: mentions of hashes, addresses, memos and networks; chain look-ups; diagnoses."""
