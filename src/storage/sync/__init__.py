"""Offline workspace <-> shared PostgreSQL catalog: remote profiles, the local mirror,
incremental pull and publish with merge-on-conflict. Imports storage and model, never Qt."""
