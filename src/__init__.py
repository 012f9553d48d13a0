"""Flowdesk: a desktop visual builder for workflow automations.

Subpackages point one way: ``app`` (Qt GUI) -> ``storage`` (SQLAlchemy) ->
``model`` (pure domain, no Qt, no SQL). ``cli`` sits on top of all three.
"""

__version__ = "0.1.0"
