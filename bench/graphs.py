"""Generated branching workflows for benchmarks and scale tests.

The graphs are valid by construction: a chain of segments from ``start`` to
``end``, each segment a run of actions, a condition whose branches meet again
at an ``any`` join, or a parallel fork whose branches meet at an ``all`` join.
Positions come from the segment layout so nothing needs auto-layout.
"""

from __future__ import annotations

import random

from flowdesk.model.document import (
    Edge,
    EnvConfig,
    Expression,
    Graph,
    Node,
    Note,
    ParameterSchema,
    Position,
    SecretRef,
    VersionDocument,
)

X_STEP = 260
Y_STEP = 140


def _action(node_id: str, kind: int, x: float, y: float, upstream: str | None) -> Node:
    """One of a few realistic action nodes; configs use params, env, secrets and upstream steps."""
    ref = f"${{{{ steps.{upstream}.output.body }}}}" if upstream else "${{ params.customerId }}"
    choices = [
        ("http.request", "Fetch record", {
            "method": "GET",
            "url": "https://api.example.com/customers/${{ params.customerId }}",
            "headers": {"Authorization": "Bearer ${{ secrets.API_TOKEN }}"},
        }),
        ("data.transform", "Shape data", {"expression": "{'id': params.customerId, 'region': env.REGION}"}),
        ("chat.post_message", "Notify team", {"channel": "#ops", "text": f"Processed {ref}"}),
        ("flow.delay", "Wait a moment", {"seconds": 5}),
        ("email.send", "Email customer", {
            "to": ["${{ params.email }}"], "subject": "Update", "body": f"Hello, {ref}",
        }),
    ]
    action_id, title, config = choices[kind % len(choices)]
    return Node(node_id, "action", name=f"{title} {node_id[1:]}", action_id=action_id,
                config=config, position=Position(x, y))


def branching_document(n: int, seed: int = 0) -> VersionDocument:
    """A valid branching version document with about ``n`` nodes (never fewer than ``n``)."""
    rng = random.Random(seed)
    nodes: list[Node] = [Node("start", "start", position=Position(0, 0))]
    edges: list[Edge] = []
    counter = 0

    def new_id(prefix: str) -> str:
        nonlocal counter
        counter += 1
        return f"{prefix}{counter}"

    def connect(source: str, target: str, condition: str | Expression | None = None) -> None:
        edges.append(Edge(f"e{len(edges) + 1}", source, target, condition))

    tail = "start"
    column = 1
    while len(nodes) < n - 1:
        shape = rng.choice(("chain", "condition", "parallel"))
        if shape == "chain":
            for _ in range(rng.randint(2, 5)):
                node = _action(new_id("a"), rng.randrange(5), column * X_STEP, 0, _step_of(tail))
                nodes.append(node)
                connect(tail, node.id, "onSuccess" if tail.startswith("a") else None)
                tail = node.id
                column += 1
            continue
        branches = rng.randint(2, 3)
        length = rng.randint(1, 4)
        head_type = "condition" if shape == "condition" else "parallel"
        head = Node(new_id("c" if shape == "condition" else "p"), head_type,
                    name="Route" if shape == "condition" else "Fan out",
                    position=Position(column * X_STEP, 0))
        nodes.append(head)
        connect(tail, head.id)
        join = Node(new_id("j"), "join", name="Merge",
                    mode="any" if shape == "condition" else None,
                    position=Position((column + length + 1) * X_STEP, 0))
        for b in range(branches):
            prev = head.id
            y = (b - (branches - 1) / 2) * Y_STEP
            for step in range(length):
                node = _action(new_id("a"), rng.randrange(5), (column + 1 + step) * X_STEP, y,
                               _step_of(tail))
                nodes.append(node)
                if prev == head.id:
                    if shape == "condition":
                        cond: str | Expression = (
                            "otherwise" if b == branches - 1
                            else Expression(f"params.amount > {(b + 1) * 100}")
                        )
                    else:
                        cond = "always"
                    connect(prev, node.id, cond if cond != "always" else None)
                else:
                    connect(prev, node.id, "onSuccess")
                prev = node.id
            connect(prev, join.id)
        nodes.append(join)
        tail = join.id
        column += length + 2
    nodes.append(Node("end", "end", position=Position(column * X_STEP, 0)))
    connect(tail, "end")
    return VersionDocument(
        graph=Graph(
            nodes=tuple(nodes),
            edges=tuple(edges),
            notes=(Note("n1", "Generated for benchmarks", Position(0, -Y_STEP)),),
        ),
        parameter_schema=ParameterSchema({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "customerId": {"type": "string", "minLength": 1},
                "email": {"type": "string", "format": "email"},
                "amount": {"type": "number", "minimum": 0, "default": 0},
            },
            "required": ["customerId"],
        }),
        env_config=EnvConfig(
            env={"REGION": "eu-west-1"},
            secrets={"API_TOKEN": SecretRef(connection_id="crm", secret_ref_key="api_token")},
        ),
    )


def _step_of(tail: str) -> str | None:
    """An upstream action to refer to, when the tail is one (joins and forks have no output body)."""
    return tail if tail.startswith("a") else None


def linear_document_json(n: int) -> dict:
    """Start, ``n`` delay steps in one row 260 px apart, End: the widest picture per node."""
    nodes = [{"id": "start", "type": "start", "position": {"x": 0, "y": 0}}]
    edges = []
    for i in range(n):
        nodes.append({"id": f"a{i}", "type": "action", "actionId": "flow.delay",
                      "config": {"seconds": 1}, "position": {"x": 260 * (i + 1), "y": 0}})
        edges.append({"id": f"e{i}", "source": nodes[-2]["id"], "target": f"a{i}"})
    nodes.append({"id": "end", "type": "end", "position": {"x": 260 * (n + 1), "y": 0}})
    edges.append({"id": "last", "source": f"a{n - 1}", "target": "end"})
    return {"formatVersion": 1, "graph": {"formatVersion": 1, "nodes": nodes, "edges": edges}}
