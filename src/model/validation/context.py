"""What every validation rule needs to know about one document, computed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from flowdesk.model.catalog import ActionCatalog
from flowdesk.model.document import Edge, Node, VersionDocument
from flowdesk.model.graph_analysis import GraphAnalysis
from flowdesk.model.problems import Location, join_pointer


@dataclass
class Context:
    document: VersionDocument
    catalog: ActionCatalog
    node_index: dict[str, int] = field(init=False)
    edge_index: dict[str, int] = field(init=False)
    edge_position: dict[Edge, int] = field(init=False)

    def __post_init__(self) -> None:
        self.node_index = {}
        for i, node in enumerate(self.document.graph.nodes):
            self.node_index.setdefault(node.id, i)
        self.edge_index = {}
        for i, edge in enumerate(self.document.graph.edges):
            self.edge_index.setdefault(edge.id, i)
        self.edge_position = {}
        for i, edge in enumerate(self.document.graph.edges):
            self.edge_position.setdefault(edge, i)

    @cached_property
    def analysis(self) -> GraphAnalysis:
        return GraphAnalysis(self.document.graph)

    @property
    def nodes(self) -> tuple[Node, ...]:
        return self.document.graph.nodes

    @property
    def edges(self) -> tuple[Edge, ...]:
        return self.document.graph.edges

    def node_at(self, index: int, *tokens: str | int) -> Location:
        """Location of the ``index``-th node (or a field inside it)."""
        return Location(
            join_pointer("graph", "nodes", index, *tokens), node_id=self.nodes[index].id
        )

    def node_loc(self, node_id: str, *tokens: str | int) -> Location:
        return self.node_at(self.node_index[node_id], *tokens)

    def edge_at(self, index: int, *tokens: str | int) -> Location:
        return Location(
            join_pointer("graph", "edges", index, *tokens), edge_id=self.edges[index].id
        )

    def edge_loc(self, edge: Edge, *tokens: str | int) -> Location:
        return self.edge_at(self.edge_position[edge], *tokens)
