"""Names as people type them: Spanish names and acronyms, the organisations' own names, and
every ISO 3166-1 country as a key.

Tests of the latest version check laws; tests that check values name the version they check.
"""

from __future__ import annotations

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mirps
from mirps import models
from mirps._text import fold

LATEST = mirps.load()
V21 = mirps.load("2.1.0")


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(c.alpha_2 for c in pycountry.countries)))
def test_every_iso_country_resolves_by_its_codes_and_names(code: str) -> None:
    country = LATEST.country(code)
    iso = pycountry.countries.get(alpha_2=code)
    assert iso is not None, code
    assert country.id == code and country.alpha3 == iso.alpha_3
    for key in (code.lower(), iso.alpha_3, country.name, country.name_es, fold(country.name_es), *country.known_as):
        assert LATEST.country(key) is country, key
    assert LATEST.initiatives(country=code) == tuple(
        i for i in LATEST.initiatives() if country in i.countries or any(p.country == country for p in i.places)
    )


def test_every_editors_name_is_a_spelling_of_its_record_and_has_its_basis() -> None:
    for institution in LATEST.institutions:
        for name in ("name_es", "acronym_es", "known_as"):
            values = getattr(institution, name)
            for value in values if isinstance(values, tuple) else (values,) if values else ():
                assert LATEST.institution(value, country=institution.country) is institution, (institution.id, value)
                assert name in institution.editorial, (institution.id, name)
    for place in LATEST.places:
        for value in (place.name_es, place.iso_name, *place.known_as):
            if value:
                assert LATEST.place(value) is place, (place.id, value)
        assert all(name in place.editorial for name in ("name_es", "known_as") if getattr(place, name))


def test_no_spelling_belongs_to_two_records_in_one_scope() -> None:
    for kind in (models.Country, models.Place, models.Institution):
        owners: dict[tuple[object, str], str] = {}
        for record in LATEST.records(kind):
            scope = None if kind is models.Country else getattr(record, "country", None)
            for key in {fold(k) for k in models.keys_of(record)}:
                owner = owners.setdefault((scope, key), record.id)
                assert owner == record.id, (key, owner, record.id)


def test_search_finds_records_by_their_spanish_names() -> None:
    for institution in LATEST.institutions:
        if institution.acronym_es:
            assert institution in LATEST.search(institution.acronym_es)


# -- values of dataset 2.1.0 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("ACNUR", "unhcr"),
        ("PNUD", "undp"),
        ("OIM", "iom"),
        ("OEA", "oas"),
        ("CICR", "icrc"),
        ("Secretaría de Gobernación", "mx-segob"),
        ("secretaria de gobernacion", "mx-segob"),
        ("International Organization for Migration", "iom"),
        ("Internal Displacement Monitoring Centre", "idmc"),
        ("Doctors of the World", "medicos-del-mundo"),
    ],
)
def test_the_names_an_analyst_types_first_resolve_in_2_1_0(key: str, expected: str) -> None:
    assert V21.institution(key).id == expected


def test_places_and_countries_by_their_spanish_names_in_2_1_0() -> None:
    assert V21.place("Ciudad de Panamá").id == "pa-panama-city"
    assert V21.country("Belize").name_es == "Belice"
    assert V21.initiatives(country="Belize") == ()
    assert [c.id for c in V21.countries[:9]] == [c.id for c in mirps.load("2.0.0").countries]  # the named first
    assert len(V21.countries) == len(pycountry.countries)


def test_a_partial_spanish_name_gets_suggestions_in_2_1_0() -> None:
    assert V21.institution("Cruz Roja").id == "international-red-cross-movement"
    with pytest.raises(mirps.NotFoundError) as info:
        V21.institution("Comité Internacional")
    assert "International Committee of the Red Cross (icrc)" in str(info.value)
    assert V21.search("ACNUR") and V21.institution("ACNUR") in V21.search("ACNUR")


def test_a_field_added_since_keeps_an_older_file_byte_for_byte() -> None:
    from .conftest import bundled_bytes

    old = mirps.load("2.0.0")
    assert "name_es" not in old.to_dict()["institutions"][0]
    assert old.dumps() == bundled_bytes("2.0.0")
    assert "name_es" in V21.to_dict()["institutions"][0]


def test_a_country_marks_what_iso_gives_it() -> None:
    for country in LATEST.countries:
        named = any(not isinstance(r, models.Correction) for r in LATEST.related(country))
        assert ("name" in country.editorial) is not named, country.id  # a named country's name is printed
        assert bool(country.known_as) is ("known_as" in country.editorial), country.id
