"""Text: normalisation, lexicons, recognisers for personal data, watched identities."""
