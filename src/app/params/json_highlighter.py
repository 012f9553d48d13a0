"""Syntax colours for JSON text (the raw parameter schema tab).

Regex-based and line-local: JSON strings cannot span lines, so no block state
is needed. Keys are told from string values by the colon that follows them.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument


def _fmt(color: str, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


_RULES: list[tuple[re.Pattern[str], QTextCharFormat]] = [
    (re.compile(r"-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b"), _fmt("#1c6cb0")),
    (re.compile(r"\b(?:true|false|null)\b"), _fmt("#8f3fb0", bold=True)),
    (re.compile(r'"(?:[^"\\]|\\.)*"'), _fmt("#2e7d32")),
    (re.compile(r'"(?:[^"\\]|\\.)*"(?=\s*:)'), _fmt("#7a3e00", bold=True)),
]
_PUNCTUATION = (re.compile(r"[{}\[\],:]"), _fmt("#6b7280"))


class JsonHighlighter(QSyntaxHighlighter):
    """Colours keys, strings, numbers, literals and punctuation."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt API)
        pattern, fmt = _PUNCTUATION
        for m in pattern.finditer(text):
            self.setFormat(m.start(), m.end() - m.start(), fmt)
        # later rules win: a number inside a string is coloured as the string
        for pattern, fmt in _RULES:
            for m in pattern.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), fmt)
