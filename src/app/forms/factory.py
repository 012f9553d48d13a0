"""The registry that maps a schema node to its editor class.

Look-up is by descriptor kind, then by ``format`` for strings. Other parts
of Flowdesk can register their own editors (a connection picker for a
``format: connection`` string, say) without touching the form code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flowdesk.app.forms.arrays import ArrayEditor
from flowdesk.app.forms.editor import Editor, EditorFactory
from flowdesk.app.forms.objects import ObjectEditor
from flowdesk.app.forms.raw import RawJsonEditor
from flowdesk.app.forms.scalars import (
    BooleanEditor,
    ConstEditor,
    EnumEditor,
    NullEditor,
    NumberEditor,
    StringEditor,
)
from flowdesk.app.forms.temporal import TemporalEditor
from flowdesk.app.forms.variants import VariantEditor
from flowdesk.model.forms import FieldDescriptor

log = logging.getLogger(__name__)

EDITORS: dict[str, type[Editor]] = {
    "string": StringEditor,
    "number": NumberEditor,
    "integer": NumberEditor,
    "boolean": BooleanEditor,
    "null": NullEditor,
    "enum": EnumEditor,
    "const": ConstEditor,
    "object": ObjectEditor,
    "array": ArrayEditor,
    "variants": VariantEditor,
    "any": RawJsonEditor,
    "never": RawJsonEditor,
}
STRING_FORMATS: dict[str, type[Editor]] = {
    "date": TemporalEditor,
    "time": TemporalEditor,
    "date-time": TemporalEditor,
}


def register_editor(kind: str, editor: type[Editor], *, string_format: str | None = None) -> None:
    """Use ``editor`` for descriptors of ``kind`` (or strings of ``string_format``)."""
    if string_format is not None:
        STRING_FORMATS[string_format] = editor
    else:
        EDITORS[kind] = editor


def editor_class(descriptor: FieldDescriptor) -> type[Editor]:
    kind = descriptor.kind
    if kind == "string" and descriptor.format in STRING_FORMATS:
        return STRING_FORMATS[descriptor.format]
    return EDITORS.get(kind, RawJsonEditor)


def create_editor(descriptor: FieldDescriptor) -> Editor:
    """Build the editor for ``descriptor``; anything that fails becomes raw JSON, so an
    odd schema costs one plain field, never the whole form."""
    return _build(descriptor, create_editor)


def _build(descriptor: FieldDescriptor, factory: EditorFactory) -> Editor:
    try:
        return editor_class(descriptor)(descriptor, factory)
    except Exception:
        log.exception("falling back to raw JSON for a schema node")
        return RawJsonEditor(descriptor, factory)


SpecialEditor = Callable[[FieldDescriptor, EditorFactory], Editor | None]


def factory_with(special: SpecialEditor) -> EditorFactory:
    """A factory that asks ``special`` first, for this form only.

    ``special(descriptor, factory)`` returns an editor or ``None`` for the usual
    one; the factory is handed down to containers, so nested fields get it too.
    Unlike :func:`register_editor` it can carry state (the connections a picker
    offers) without changing other forms.
    """

    def factory(descriptor: FieldDescriptor) -> Editor:
        try:
            editor = special(descriptor, factory)
        except Exception:
            log.exception("a special editor failed; using the usual one")
            editor = None
        return editor if editor is not None else _build(descriptor, factory)

    return factory
