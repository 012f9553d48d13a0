"""Joins that can never fire: an all-join fed by mutually exclusive branches."""

from __future__ import annotations

from flowdesk.model.problems import Problem, error
from flowdesk.model.validation.context import Context


def check_joins(ctx: Context) -> list[Problem]:
    problems = []
    for conflict in ctx.analysis.exclusive_join_conflicts():
        split = ctx.document.graph.node(conflict.branch_node)
        if split is not None and split.type == "condition":
            why = (
                f"condition {conflict.branch_node!r} takes only one branch, but edge "
                f"{conflict.first_edge!r} needs its branch {conflict.first!r} and edge "
                f"{conflict.second_edge!r} needs its branch {conflict.second!r}"
            )
        else:
            why = (
                f"step {conflict.branch_node!r} either succeeds or fails, but edge "
                f"{conflict.first_edge!r} needs {conflict.first} and edge "
                f"{conflict.second_edge!r} needs {conflict.second}"
            )
        problems.append(error(
            "join.never_fires", ctx.node_loc(conflict.join),
            f"join {conflict.join!r} waits for all incoming edges and can never fire: {why}; "
            "use mode 'any'",
        ))
    return problems
