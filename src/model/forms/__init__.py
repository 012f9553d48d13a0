"""Schema-driven forms without a window: resolving JSON Schemas into field descriptors,
matching values to variants, evaluating conditions, filling defaults and mapping validation
errors to JSON pointers. The Qt widgets in ``flowdesk.app.forms`` only mirror these."""

from flowdesk.model.forms.absent import ABSENT, Absent, is_absent
from flowdesk.model.forms.context import SchemaContext, SchemaInvalid
from flowdesk.model.forms.defaults import default_value, empty_value
from flowdesk.model.forms.descriptor import FieldDescriptor, Variant, json_type_fits
from flowdesk.model.forms.validation import FormError, validate_value

__all__ = [
    "ABSENT",
    "Absent",
    "FieldDescriptor",
    "FormError",
    "SchemaContext",
    "SchemaInvalid",
    "Variant",
    "default_value",
    "empty_value",
    "is_absent",
    "json_type_fits",
    "validate_value",
]
