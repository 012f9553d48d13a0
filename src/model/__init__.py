"""The pure domain model: version documents, validation, diff, merge, dry run.

Nothing here imports Qt or SQL; ``tests/model/test_layering.py`` enforces it.
"""
