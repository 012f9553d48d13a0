"""Validation of version documents: returns problems, never raises."""
