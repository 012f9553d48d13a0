"""CEL's parse tables kept on disk between runs, for a fast first expression.

cel-python builds its lark LALR parser in every process (~0.1 s: most of a
``flowdesk validate`` of a small file). lark can save the analysed tables and
load them in ~10 ms, but cel-python does not ask it to; :func:`prime` builds the
same parser as ``celpy.celparser.CELParser`` with lark's ``cache`` option and
installs it where cel-python looks first. ``tests/model/test_cel_parser_cache.py``
checks both parsers give the same trees, so a cel-python release that changes
its parser options fails there, not in a user's expression.

Nothing is written unless an entry point opts in with :func:`enable` (the
command line does, for real runs); library use and tests leave no file behind.
"""

from __future__ import annotations

import re
from pathlib import Path

_path: Path | None = None


def enable(path: Path) -> None:
    """Keep the tables in ``path`` (a file; its folder is created on first use)."""
    global _path
    _path = path


def prime() -> None:
    """Install the cached parser if :func:`enable` was called and none is built yet."""
    if _path is not None:
        install(_path)


def install(path: Path) -> None:
    """Build (or load from ``path``) cel-python's parser; an unusable ``path`` just builds it."""
    import lark  # noqa: PLC0415 - this module is only reached when CEL is first used
    from celpy import InterpretedRunner, celparser  # noqa: PLC0415

    CELParser = celparser.CELParser  # noqa: N806

    if CELParser.CEL_PARSER is not None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # cel-python builds its parser as usual
    grammar = Path(celparser.__file__).parent / "cel.lark"
    # The same options as celpy.celparser.CELParser.__init__ (cel-python 0.5), plus cache.
    CELParser.CEL_PARSER = lark.Lark(
        grammar.read_text(encoding="utf-8"),
        parser="lalr",
        start="expr",
        debug=True,
        g_regex_flags=re.M,
        lexer_callbacks={"IDENT": CELParser.ambiguous_literals},
        propagate_positions=True,
        maybe_placeholders=False,
        priority="invert",
        tree_class=InterpretedRunner.tree_node_class,
        cache=str(path),
    )
