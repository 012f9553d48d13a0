"""Parameter schema editing without a window: the parameter list view of a JSON Schema,
its edit operations, and checking raw schema text as it is typed.

Parameter order and ``x-flowdesk-order``: a schema's ``properties`` order is the
order of the parameter list and of the run form's fields, but documents are
stored as canonical JSON (sorted keys) and PostgreSQL JSONB keeps no key order,
so that order cannot survive a save. An object schema whose properties the
author ordered therefore carries ``"x-flowdesk-order": ["name", ...]`` beside
``properties``. Listed names come first, in list order; properties not listed
follow in key order; listed names that are not properties are ignored. The
parameter operations (add, remove, rename, move) write it, and the form engine
(:class:`flowdesk.model.forms.FieldDescriptor`, any schema, e.g. action config
schemas too) lays fields out by it. A schema whose order exists only as key
order (typed in the raw JSON tab, imported from a file) should go through
:func:`declare_order` before it is stored, while its key order is still known.
JSON Schema ignores unknown keywords, so it never changes which values a schema
accepts.
"""

from flowdesk.model.params.parameters import (
    DELETE,
    PARAMETER_TYPES,
    Parameter,
    add_parameter,
    fresh_name,
    get_parameter,
    list_parameters,
    move_parameter,
    parameter_name_problem,
    remove_parameter,
    rename_parameter,
    same_schema,
    schema_type,
    set_item_type,
    set_required,
    set_type,
    update_parameter,
)
from flowdesk.model.params.raw_schema import (
    RawSchemaCheck,
    RawSchemaError,
    check_raw_schema,
    format_schema,
    value_positions,
)
from flowdesk.model.property_order import (
    ORDER_KEYWORD,
    declare_order,
    declared_order,
    ordered_names,
    ordered_properties,
)

__all__ = [
    "DELETE",
    "ORDER_KEYWORD",
    "PARAMETER_TYPES",
    "Parameter",
    "RawSchemaCheck",
    "RawSchemaError",
    "add_parameter",
    "check_raw_schema",
    "declare_order",
    "declared_order",
    "format_schema",
    "fresh_name",
    "get_parameter",
    "list_parameters",
    "move_parameter",
    "ordered_names",
    "ordered_properties",
    "parameter_name_problem",
    "remove_parameter",
    "rename_parameter",
    "same_schema",
    "schema_type",
    "set_item_type",
    "set_required",
    "set_type",
    "update_parameter",
    "value_positions",
]
