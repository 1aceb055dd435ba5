"""Invariants of the bundled data: ids, references, verbatim text, codes, corrections."""

from __future__ import annotations

import collections
from collections.abc import Iterator
from typing import Any

import pycountry
import pytest

import mirps
from mirps._text import fold

from .conftest import document


def objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in the document."""
    if isinstance(node, dict):
        yield node
        node = list(node.values())
    if isinstance(node, list):
        for value in node:
            yield from objects(value)


def ids(doc: Any) -> list[str]:
    """The ids records declare (objects with an id and more)."""
    return [o["id"] for o in objects(doc) if "id" in o and len(o) > 1]


def references(doc: Any) -> list[str]:
    """The ids links point at (objects with an id alone)."""
    return [o["id"] for o in objects(doc) if set(o) == {"id"}]


@pytest.mark.parametrize("version", mirps.available_versions())
def test_ids_are_unique_across_the_document(version: str) -> None:
    counts = collections.Counter(ids(document(version)))
    assert [i for i, n in counts.items() if n > 1] == []
    assert len(counts) > 90  # the walk saw the records


@pytest.mark.parametrize("version", mirps.available_versions())
def test_every_reference_resolves(version: str) -> None:
    doc = document(version)
    known = set(ids(doc))
    dangling = [r for r in references(doc) if r not in known]
    assert dangling == []
    assert len(references(doc)) > 100  # the check saw the references


def test_corrections_correct_something_and_say_why(ds: mirps.Dataset) -> None:
    # that each published span stands in its report: tests/test_build.py, for every version
    assert len(ds.corrections) >= 15
    for correction in ds.corrections:
        assert correction.corrected != correction.published
        assert len(correction.note) > 30


def test_corrections_change_the_record_they_name(ds: mirps.Dataset) -> None:
    for correction in ds.corrections:
        if correction.field is None or correction.corrected is None:
            continue
        record = correction.record
        assert ds.corrected(record) != record, correction.id
        fixed = ds.corrected(record)
        headings = [h.text for h in getattr(fixed, "headings", ()) if h.field == correction.field]
        assert correction.corrected in str(getattr(fixed, correction.field)) + str(headings)


def test_countries_carry_their_iso_codes(ds: mirps.Dataset) -> None:
    for country in ds.countries:
        iso = pycountry.countries.get(alpha_2=country.id)
        assert iso is not None, country.id
        assert iso.alpha_3 == country.alpha3
        assert fold(country.name) in {fold(iso.name), fold(getattr(iso, "common_name", iso.name))}


def test_places_lie_in_real_iso_subdivisions(ds: mirps.Dataset) -> None:
    for place in ds.places:
        assert place.subdivision is not None, place.id
        subdivision = pycountry.subdivisions.get(code=place.subdivision)
        assert subdivision is not None, f"{place.id}: {place.subdivision}"
        assert subdivision.country_code == place.country.id
        if place.kind in (mirps.PlaceKind.STATE, mirps.PlaceKind.PROVINCE, mirps.PlaceKind.DEPARTMENT):
            assert fold(place.name) in fold(subdivision.name), place.id
        if place.parent is not None:
            assert place.parent.country == place.country
            assert place.parent.subdivision == place.subdivision


def test_institution_spellings_belong_to_one_institution_per_country(ds: mirps.Dataset) -> None:
    owners: dict[tuple[str | None, str], str] = {}
    for institution in ds.institutions:
        scope = institution.country.id if institution.country else None
        for key in {fold(k) for k in mirps.models.keys_of(institution)}:
            assert owners.setdefault((scope, key), institution.id) == institution.id, key


def test_international_spellings_are_unique_everywhere(ds: mirps.Dataset) -> None:
    international = {fold(k): i.id for i in ds.institutions if i.country is None for k in mirps.models.keys_of(i)}
    for institution in ds.institutions:
        if institution.country is not None:
            for key in mirps.models.keys_of(institution):
                assert international.get(fold(key), institution.id) == institution.id, key


def test_every_named_country_answers_queries(ds: mirps.Dataset) -> None:
    for country in ds.countries:
        found = ds.initiatives(country=country)
        assert found == ds.initiatives(country=country.id) == ds.initiatives(country=country.name)
        assert all(country in i.countries for i in found)


def test_the_countries_of_1_1_0_and_their_initiatives() -> None:
    ds = mirps.load("1.1.0")
    answered = {c.id: len(ds.initiatives(country=c)) for c in ds.countries}
    assert set(answered) >= {"SV", "HN", "MX", "CR", "GT", "PA", "CO", "BR", "IT"}
    for code in ("SV", "HN", "MX", "CR", "GT", "PA", "CO", "BR"):
        assert answered[code] > 0, code


def test_every_institution_answers_partners(ds: mirps.Dataset) -> None:
    linked = 0
    for institution in ds.institutions:
        found = ds.partners(institution)
        assert institution not in found
        linked += bool(found)
    assert linked > 40


def test_initiatives_have_what_their_kind_needs(ds: mirps.Dataset) -> None:
    for initiative in ds.initiatives():
        assert initiative.title
        if initiative.kind is mirps.InitiativeKind.INITIATIVE:
            assert initiative.leads, initiative.id
            assert initiative.strategic_partners, initiative.id
            assert initiative.objectives, initiative.id
        if initiative.kind is not mirps.InitiativeKind.REGIONAL_INITIATIVE:
            assert initiative.countries, initiative.id
            assert initiative.summary or initiative.description, initiative.id


@pytest.mark.parametrize("version", ["1.0.0", "1.1.0"])
def test_the_internal_displacement_report_is_whole_in_1_0_0_and_1_1_0(version: str) -> None:
    ds = mirps.load(version)
    report = ds.report("wg-internal-displacement-2021")
    assert [c.id for c in report.members] == ["SV", "HN", "MX"]
    assert [c.id for c in report.observers] == ["CR"]
    assert report.lead_country == ds.country("MX")
    assert report.pro_tempore_presidency == ds.country("GT")
    assert len(ds.initiatives(report=report)) == 7
    assert len(report.themes) == 4
    topics = [s for s in ds.sections if s.report == report and s.number]
    assert [(s.number, s.page) for s in topics] == [("1", 7), ("2", 9), ("3", 11), ("4", 15)]


def test_the_local_governance_report_is_whole_in_1_1_0() -> None:
    ds = mirps.load("1.1.0")
    report = ds.report("wg-local-governance-2021")
    assert [c.id for c in report.members] == ["CR", "GT", "HN", "PA"]
    assert len(report.member_places) == 9
    assert [r.number for r in ds.recommendations(report=report)] == list(range(1, 16))
    assert [s.date.isoformat() for s in ds.sessions(report=report) if s.date] == [
        "2021-07-06",
        "2021-07-08",
        "2021-07-27",
        "2021-07-29",
    ]
    people = ds.participants(report=report)
    roles = collections.Counter(p.role.value for p in people)
    assert roles == {"member": 24, "adviser": 13, "guest": 1}
