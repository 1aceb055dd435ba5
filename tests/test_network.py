"""The partner network: its laws on the latest dataset, and its GraphML and Gephi tables read back."""

from __future__ import annotations

import inspect
import itertools
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mirps
from mirps import export
from mirps._network import Edge, Network, Node, to_networkx
from mirps.models import WORKING_ROLES, Role

nx = pytest.importorskip("networkx")

#: The latest dataset: the laws below hold in every version.
DS = mirps.load()
GRAPH = DS.network()
ORDER = {r.id: k for k, r in enumerate(DS.initiatives())}


def involved(initiative: mirps.Initiative, roles: frozenset[Role] | None) -> set[str]:
    return {i.institution.id for i in initiative.involvements if roles is None or i.role in roles}


def expected(
    roles: frozenset[Role] | None, reports: tuple[str, ...] | None = None
) -> tuple[set[str], dict[Any, list[str]]]:
    """The nodes and edges (each pair's initiatives) the definition gives, pair by pair."""
    chosen = [i for i in DS.initiatives() if reports is None or i.section.report.id in reports]
    nodes = {x for i in chosen for x in involved(i, roles)}
    edges: dict[Any, list[str]] = {}
    for a, b in itertools.combinations(sorted(nodes), 2):
        shared = [i.id for i in chosen if {a, b} <= involved(i, roles)]
        if shared:
            edges[frozenset((a, b))] = shared
    return nodes, edges


def edges_of(graph: Any) -> dict[Any, list[str]]:
    return {frozenset((a, b)): list(d["initiatives"]) for a, b, d in graph.edges(data=True)}


def joined(graph: Any) -> Any:
    """``graph`` with each edge's initiatives joined by a space, as the files hold them."""
    out = graph.copy()
    for _, _, data in out.edges(data=True):
        data["initiatives"] = " ".join(data["initiatives"])
    return out


def assert_same_graph(got: Any, want: Any) -> None:
    assert list(got.nodes(data=True)) == list(want.nodes(data=True))  # the same nodes, in the same order
    assert {frozenset((a, b)): d for a, b, d in got.edges(data=True)} == {
        frozenset((a, b)): d for a, b, d in want.edges(data=True)
    }
    assert not got.is_directed()


# -- the laws -------------------------------------------------------------------------------------


def test_a_nodes_neighbours_are_its_partners_in_order() -> None:
    assert GRAPH.number_of_edges() > 0
    for institution in DS.institutions:
        neighbours = list(GRAPH[institution.id]) if institution.id in GRAPH else []
        assert neighbours == [p.id for p in DS.partners(institution)], institution.id


def test_each_edge_counts_initiatives_that_involve_both_in_a_working_role() -> None:
    for a, b, data in GRAPH.edges(data=True):
        assert isinstance(data["weight"], int) and isinstance(data["initiatives"], tuple)
        assert data["weight"] == len(data["initiatives"]) > 0
        assert list(data["initiatives"]) == sorted(data["initiatives"], key=ORDER.__getitem__)
        for initiative_id in data["initiatives"]:
            initiative = DS.get(initiative_id)
            assert isinstance(initiative, mirps.Initiative), initiative_id
            assert {a, b} <= involved(initiative, WORKING_ROLES)


def test_every_institution_in_a_working_role_is_a_node_in_dataset_order() -> None:
    nodes, edges = expected(WORKING_ROLES)
    assert list(GRAPH) == [i.id for i in DS.institutions if i.id in nodes]
    assert edges_of(GRAPH) == edges
    assert {n for n in GRAPH if GRAPH.degree(n) == 0} == {n for n in nodes if not DS.partners(n)}


def test_a_node_carries_its_institution() -> None:
    for node, data in GRAPH.nodes(data=True):
        institution = DS.institution(node)
        assert data == {
            "name": institution.name,
            "acronym": institution.acronym or "",
            "kind": institution.kind.value,
            "country": institution.country.id if institution.country else "",
        }


ROLE_SETS = st.frozensets(st.sampled_from(list(Role)), min_size=1)
REPORTS = st.none() | st.frozensets(st.sampled_from([r.id for r in DS.reports]), min_size=1).map(tuple)


@settings(max_examples=40, deadline=None)
@given(ROLE_SETS, REPORTS)
def test_the_edges_are_the_pairs_sharing_an_initiative_in_those_roles(
    roles: frozenset[Role], reports: tuple[str, ...] | None
) -> None:
    graph = DS.network(role=roles, report=reports)
    nodes, edges = expected(roles, reports)
    assert set(graph) == nodes
    assert edges_of(graph) == edges
    assert all(d["weight"] == len(d["initiatives"]) for _, _, d in graph.edges(data=True))


@settings(max_examples=30, deadline=None)
@given(ROLE_SETS, ROLE_SETS)
def test_fewer_roles_narrow_the_graph(some: frozenset[Role], more: frozenset[Role]) -> None:
    small, large = DS.network(role=some), DS.network(role=some | more)
    assert set(small) <= set(large)
    for a, b, data in small.edges(data=True):
        assert set(data["initiatives"]) <= set(large.edges[a, b]["initiatives"])


def test_role_none_takes_any_part_and_a_report_narrows() -> None:
    every = DS.network(role=None)
    assert set(GRAPH) < set(every)  # some institutions are only mentioned or present
    assert edges_of(every) == expected(None)[1]
    for report in DS.reports:
        one = DS.network(report=report)
        assert set(one) <= set(GRAPH) and 0 < len(one) < len(GRAPH)
        assert {i for _, _, d in one.edges(data=True) for i in d["initiatives"]} <= {
            i.id for i in DS.initiatives(report=report)
        }


def test_a_role_is_a_name_a_role_or_a_collection() -> None:
    by_name = edges_of(DS.network(role="lead"))
    assert by_name == edges_of(DS.network(role=Role.LEAD)) == edges_of(DS.network(role=["LEAD"]))
    assert edges_of(DS.network(role=WORKING_ROLES)) == edges_of(GRAPH)
    assert edges_of(DS.network(role=[r.value for r in WORKING_ROLES])) == edges_of(GRAPH)


@pytest.mark.parametrize("role", ["leed", ["lead", "fundr"], 3])
def test_a_bad_role_raises_what_initiatives_raises(role: Any) -> None:
    with pytest.raises((mirps.NotFoundError, TypeError)) as want:
        DS.initiatives(role=role)
    with pytest.raises(want.type) as got:
        DS.network(role=role)
    assert str(got.value) == str(want.value)


def test_the_shortcut_is_the_latest_datasets_with_the_working_roles() -> None:
    assert inspect.signature(mirps.network).parameters["role"].default == WORKING_ROLES
    assert_same_graph(mirps.network(), GRAPH)
    assert_same_graph(mirps.network(role="funder"), DS.network(role="funder"))


def test_import_needs_no_networkx_and_the_error_says_what_to_install() -> None:
    code = (
        "import sys\nimport mirps, mirps.export\nprint('networkx' in sys.modules)\n"
        "sys.modules['networkx'] = None\n"
        "try:\n    mirps.network()\nexcept ImportError as e:\n    print(e)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, second = out.stdout.splitlines()
    assert first == "False"
    assert 'pip install "mirps[network]"' in second


# -- GraphML --------------------------------------------------------------------------------------


def test_the_graphml_file_reads_back_as_the_network(tmp_path: Path) -> None:
    (path,) = DS.export("graphml", tmp_path)
    assert path.name == f"mirps-{DS.version}-network.graphml"
    assert_same_graph(nx.read_graphml(path), joined(GRAPH))
    types = {k.get("attr.name"): k.get("attr.type") for k in ET.parse(path).getroot() if k.tag.endswith("key")}
    assert types == {"name": "string", "acronym": "string", "kind": "string", "country": "string"} | {
        "weight": "int",
        "initiatives": "string",
    }


def test_graphml_of_a_filtered_network(tmp_path: Path) -> None:
    path = tmp_path / "leads.graphml"
    path.write_bytes(export.graphml(DS, role="lead", report=DS.reports[0]))
    assert_same_graph(nx.read_graphml(path), joined(DS.network(role="lead", report=DS.reports[0])))


#: Any text an XML file holds but a carriage return (XML reads it back as a line feed).
TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\r\ufffe\uffff"), max_size=12).filter(
    lambda t: not export._NOT_XML.search(t)
)
IDS = st.lists(st.text("abcdefgh-", min_size=1, max_size=6), min_size=1, max_size=6, unique=True)


@st.composite
def networks(draw: st.DrawFn) -> Network:
    ids = draw(IDS)
    nodes = tuple(Node(i, draw(TEXT), draw(TEXT), draw(TEXT), draw(TEXT)) for i in ids)
    pairs = draw(st.lists(st.sampled_from(list(itertools.combinations(ids, 2)) or [("", "")]), unique=True))
    edges = tuple(Edge(a, b, tuple(draw(st.lists(IDS.map(lambda x: x[0]), min_size=1)))) for a, b in pairs if a)
    return Network(nodes, edges)


@settings(max_examples=60, deadline=None)
@given(networks())
def test_any_network_reads_back_from_graphml(network: Network) -> None:
    import io

    read = nx.read_graphml(io.BytesIO(export._graphml(network, "test")))
    assert_same_graph(read, joined(to_networkx(network)))


def test_a_character_xml_cannot_hold_is_an_error_naming_the_node() -> None:
    network = Network((Node("a", "bad\x01name", "", "ngo", ""),), ())
    with pytest.raises(ValueError, match="node a: the text holds U\\+0001"):
        export._graphml(network, "test")


# -- Gephi's node and edge tables ----------------------------------------------------------------


def test_the_edge_list_reads_back_as_the_network(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    nodes_path, edges_path = DS.export("edgelist", tmp_path)
    assert nodes_path.name == f"mirps-{DS.version}-network-nodes.csv"
    assert edges_path.name == f"mirps-{DS.version}-network-edges.csv"
    nodes = pd.read_csv(nodes_path, dtype=str, keep_default_na=False)
    edges = pd.read_csv(edges_path, dtype={"Weight": int}, keep_default_na=False)
    assert list(nodes.columns) == ["Id", "Label", "Acronym", "Kind", "Country"]
    assert list(edges.columns) == ["Source", "Target", "Type", "Weight", "Initiatives"]
    assert set(edges["Type"]) == {"Undirected"}
    graph = nx.Graph()
    names = {"Label": "name", "Acronym": "acronym", "Kind": "kind", "Country": "country"}
    graph.add_nodes_from((row.pop("Id"), {names[k]: v for k, v in row.items()}) for row in nodes.to_dict("records"))
    read = nx.from_pandas_edgelist(edges, "Source", "Target", ["Weight", "Initiatives"])
    graph.add_edges_from(
        (a, b, {"weight": int(d["Weight"]), "initiatives": d["Initiatives"]}) for a, b, d in read.edges(data=True)
    )
    assert_same_graph(graph, joined(GRAPH))
