"""The partner network as plain data: institutions as nodes, an edge for each pair that share
an initiative, weighted by how many they share.

The core needs no graph library for it: :meth:`mirps.Dataset.network` makes a
``networkx.Graph`` of it, and :func:`mirps.export.export` writes it as GraphML and as Gephi's
node and edge tables.

>>> import mirps
>>> from mirps._network import network_of
>>> net = network_of(mirps.load("2.1.0"))
>>> unhcr = next(n for n in net.nodes if n.id == "unhcr")
>>> unhcr.acronym, unhcr.kind, unhcr.country
('UNHCR', 'un_agency', '')
>>> all(e.weight == len(e.initiatives) > 0 for e in net.edges)
True
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import attrs

from ._dataset import _each, _role
from ._extras import optional
from .models import WORKING_ROLES, Initiative, Institution, Role

if TYPE_CHECKING:
    from ._dataset import Dataset, Filter
    from .models import Report

__all__ = ["EDGE_ATTRIBUTES", "NODE_ATTRIBUTES", "Edge", "Network", "Node", "network_of", "to_networkx"]

#: The attributes of a node, in order (its id is the node itself).
NODE_ATTRIBUTES = ("name", "acronym", "kind", "country")
#: The attributes of an edge, in order.
EDGE_ATTRIBUTES = ("weight", "initiatives")


@attrs.frozen
class Node:
    """An institution in the network: its id, name, acronym, kind and country id ("" where
    it has no acronym or no country)."""

    id: str
    name: str
    acronym: str
    kind: str
    country: str

    @classmethod
    def of(cls, institution: Institution) -> Node:
        """The node of ``institution``."""
        country = institution.country.id if institution.country is not None else ""
        return cls(institution.id, institution.name, institution.acronym or "", institution.kind.value, country)

    def attributes(self) -> dict[str, str]:
        """The node's attributes (:data:`NODE_ATTRIBUTES`), by name."""
        return {name: getattr(self, name) for name in NODE_ATTRIBUTES}


@attrs.frozen
class Edge:
    """Two institutions (``source`` comes first in the dataset) and the ids of the initiatives
    they share, in dataset order."""

    source: str
    target: str
    initiatives: tuple[str, ...]

    @property
    def weight(self) -> int:
        """How many initiatives the two share."""
        return len(self.initiatives)


@attrs.frozen
class Network:
    """The nodes, in the dataset's order of institutions, and the edges, in the order of
    their ends."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def network_of(
    dataset: Dataset,
    *,
    role: Filter[Role] = WORKING_ROLES,
    report: Filter[Report] = None,
) -> Network:
    """The network of the institutions involved in ``dataset``'s initiatives in ``role``
    (a role, its name or a collection of them; by default the working roles,
    :data:`mirps.models.WORKING_ROLES`, as :meth:`mirps.Dataset.partners` counts; ``None``:
    any part at all), in the initiatives of ``report`` (or of every report)."""
    roles = None if role is None else frozenset(_each(role, _role))
    order = {institution: k for k, institution in enumerate(dataset.institutions)}
    shared: dict[tuple[Institution, Institution], list[str]] = {}
    involved: set[Institution] = set()
    for initiative in dataset.initiatives(report=report):
        found = sorted(_involved(initiative, roles), key=order.__getitem__)
        involved.update(found)
        for k, one in enumerate(found):
            for other in found[k + 1 :]:
                shared.setdefault((one, other), []).append(initiative.id)
    nodes = tuple(Node.of(i) for i in sorted(involved, key=order.__getitem__))
    pairs = sorted(shared, key=lambda pair: (order[pair[0]], order[pair[1]]))
    return Network(nodes, tuple(Edge(a.id, b.id, tuple(shared[a, b])) for a, b in pairs))


def _involved(initiative: Initiative, roles: Collection[Role] | None) -> set[Institution]:
    """The institutions involved in ``initiative`` in one of ``roles`` (any, for ``None``)."""
    return {i.institution for i in initiative.involvements if roles is None or i.role in roles}


def to_networkx(network: Network) -> Any:
    """``network`` as a ``networkx.Graph``: nodes keyed by institution id with
    :data:`NODE_ATTRIBUTES`, edges with ``weight`` (an int) and ``initiatives`` (a tuple of ids),
    added in order, so that a node's neighbours come in the dataset's order."""
    graph = optional("networkx").Graph()
    graph.add_nodes_from((node.id, node.attributes()) for node in network.nodes)
    graph.add_edges_from(
        (e.source, e.target, {"weight": e.weight, "initiatives": e.initiatives}) for e in network.edges
    )
    return graph
