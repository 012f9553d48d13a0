"""``${{ `` completion and unknown-reference underlines for config text fields."""

from flowdesk.app.completion.template_completer import (
    TemplateCompleter,
    attach_template_completer,
)

__all__ = ["TemplateCompleter", "attach_template_completer"]
