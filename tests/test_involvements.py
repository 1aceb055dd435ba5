"""Facts and their evidence: involvements, editorial notes, list headings, related records.

Tests of the latest version check laws; tests that check values name the version they check.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mirps
from mirps import models
from mirps.models import Basis, Role

LATEST = mirps.load()
V2 = mirps.load("2.0.0")


def _involving(ds: mirps.Dataset) -> list[models._Involving]:
    return [r for k in models.record_kinds() for r in ds.records(k) if isinstance(r, models._Involving)]


# -- laws of the latest version -------------------------------------------------------------


def test_every_stated_involvement_quotes_its_field_and_names_its_institution() -> None:
    for record in _involving(LATEST):
        for inv in record.involvements:
            if inv.basis is Basis.EDITORIAL:
                assert inv.note and inv.note.strip(), (record.id, inv)
                continue
            assert inv.field is not None and inv.evidence is not None, (record.id, inv)
            value = getattr(record, inv.field)
            items = value if isinstance(value, tuple) else (value,)
            assert any(inv.evidence in item for item in items), (record.id, inv)
            names = (LATEST.corrected(inv.institution).name, *models.keys_of(inv.institution))
            assert any(n.casefold() in inv.evidence.casefold() for n in names), (record.id, inv)


def test_every_editorial_note_names_a_field_and_says_why() -> None:
    for kind in models.record_kinds():
        for record in LATEST.records(kind):
            fields = {s.name for s in models.field_shapes(kind)}
            for field, note in record.editorial.items():
                assert field in fields - {"id", "editorial"} and note.strip(), (record.id, field)


def test_no_institution_is_linked_from_nothing() -> None:
    for institution in LATEST.institutions:
        referrers = LATEST.related(institution)
        assert any(not isinstance(r, models.Institution) for r in referrers), institution.id


def test_leads_partners_and_institutions_derive_from_the_involvements() -> None:
    for initiative in LATEST.initiatives():
        assert initiative.leads == initiative.institutions(Role.LEAD)
        assert initiative.partners == initiative.institutions("partner")
        assert set(initiative.institutions()) == {i.institution for i in initiative.involvements}


def test_no_list_item_is_a_lead_in_and_headings_stand_in_their_lists() -> None:
    for initiative in LATEST.initiatives():
        for heading in initiative.headings:
            assert 0 <= heading.start <= len(getattr(initiative, heading.field)), (initiative.id, heading)
        for shape in models.field_shapes(models.Initiative):
            if shape.quoted and shape.many:
                for item in getattr(initiative, shape.name):
                    assert not item.rstrip().endswith(":"), (initiative.id, shape.name, item)
    for kc in LATEST.key_considerations():
        assert not kc.text.rstrip().endswith(":"), kc.id


def test_every_link_is_found_by_related() -> None:
    for kind in models.record_kinds():
        for record in LATEST.records(kind):
            for target in models.links_of(record):
                assert record in LATEST.related(target), (record.id, target.id)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([c.id for c in LATEST.countries]), min_size=1, max_size=3))
def test_a_filter_given_a_collection_matches_any_member(countries: list[str]) -> None:
    union = {i for c in countries for i in LATEST.initiatives(country=c)}
    found = LATEST.initiatives(country=countries)
    assert set(found) == union
    assert list(found) == [i for i in LATEST.initiatives() if i in union]  # in the dataset's order


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([i.id for i in LATEST.institutions]),
    st.sampled_from([None, *Role]),
    st.sampled_from([None, *Basis]),
)
def test_initiatives_by_involvement_are_those_with_a_matching_involvement(
    institution: str, role: Role | None, basis: Basis | None
) -> None:
    this = LATEST.institution(institution)
    expected = [
        i
        for i in LATEST.initiatives()
        if any(v.institution == this and role in (None, v.role) and basis in (None, v.basis) for v in i.involvements)
    ]
    assert list(LATEST.initiatives(institution=this, role=role, basis=basis)) == expected


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([i.id for i in LATEST.institutions]))
def test_partners_share_an_initiative_in_a_working_role(institution: str) -> None:
    this = LATEST.institution(institution)
    for partner in LATEST.partners(this):
        assert partner != this
        assert any(
            {this, partner} <= {v.institution for v in i.involvements if v.role in models.WORKING_ROLES}
            for i in LATEST.initiatives()
        )


def test_records_with_notes_stay_immutable_hashable_and_picklable() -> None:
    for record in _involving(LATEST)[:50] + list(LATEST.institutions):
        assert pickle.loads(pickle.dumps(record)) == record
        assert hash(record) == hash(pickle.loads(pickle.dumps(record)))
        with pytest.raises(TypeError):
            record.editorial["name"] = "x"  # type: ignore[index]


# -- values of dataset 2.0.0 -------------------------------------------------------------------


def test_the_pndh_counts_like_the_report_in_2_0_0() -> None:
    pndh = V2.get("mx-national-human-rights-programme")
    assert isinstance(pndh, models.Initiative)
    assert len(pndh.objectives) == 5
    assert pndh.heading("objectives", 4) == "The PNDH has 5 objectives:"
    assert len(pndh.results_to_date) == 26
    groups = [h.text for h in pndh.headings if h.field == "results_to_date"]
    assert groups[:2] == [
        "Dissemination of information:",
        "Promotion of a normative framework on internal forced displacement:",
    ]
    assert len(groups) == 8 and groups[-1].startswith("More information about the PNDH")  # 7 groups, a closing line
    assert pndh.heading("results_to_date", 0) == "Dissemination of information:"
    assert pndh.heading("results_to_date", 25) == "Training and awareness-raising actions:"
    credited = [v for v in pndh.involvements if v.role is Role.CREDITED]
    assert all(v.evidence in pndh.results_to_date for v in credited)
    ceav = V2.institution("CEAV")
    assert [v.evidence for v in credited if v.institution == ceav] == [
        "Elaboration of the protocol of care in cases of forced displacement. (CEAV)"
    ]


def test_lead_ins_are_no_key_considerations_in_2_0_0() -> None:
    ids = {k.id for k in V2.key_considerations()}
    assert not ids & {"wgid21-kc-01", "wgid21-kc-08", "wgid21-kc-10", "wgid21-kc-12"}
    kc = V2.get("wgid21-kc-09")
    assert isinstance(kc, models.KeyConsideration)
    assert kc.heading == "Prevention of the causes of internal displacement consists of:"


def test_the_institutions_the_review_found_unlinked_are_linked_in_2_0_0() -> None:
    assert [i.id for i in V2.initiatives(institution="ICRC", role="funder")] == ["hn-mahe-differentiated-approach"]
    assert V2.initiatives(institution="CEAV", role="credited")
    for key in ("NRC", "Médicos del Mundo", "IDMC", "CONAPROHM", "CAMMI", "Senate", "DINAF", "SEDUC", "INFOP"):
        assert V2.related(V2.institution(key)), key


def test_canonical_names_keep_the_published_forms_in_2_0_0() -> None:
    for name, published in (
        ("Norwegian Refugee Council", "Norwegian Refugee"),
        ("Médicos del Mundo", "Medical Council of the World"),
        ("Internal Displacement Monitoring Centre", "Observatory of Internal Displacement"),
    ):
        institution = V2.institution(name)
        assert institution.name == name and published in institution.aliases
        assert "name" in institution.editorial
        assert V2.institution(published) is institution


def test_the_local_governance_links_are_marked_as_what_they_are_in_2_0_0() -> None:
    gifmm = V2.get("co-giffm-covid-19-response")
    assert isinstance(gifmm, models.Initiative)
    assert V2.institution("UNHCR") in gifmm.institutions("presenter")
    assert not gifmm.institutions_in_charge and not gifmm.strategic_partners  # the report has no such headings
    for initiative in V2.initiatives(report="wg-local-governance-2021"):
        assert not initiative.institutions_in_charge and not initiative.strategic_partners
    panama = V2.get("pa-panama-city-attention-routes")
    assert isinstance(panama, models.Initiative)
    assert all(v.basis is Basis.EDITORIAL for v in panama.involvements if v.role is Role.LEAD)
    assert "acronym" in V2.institution("DINAF").editorial


def test_a_name_several_countries_share_is_resolved_by_country_in_2_0_0() -> None:
    with pytest.raises(mirps.AmbiguousKeyError):
        V2.institution("Ministry of Foreign Affairs")
    assert V2.institution("Ministry of Foreign Affairs", country="GT").country == V2.country("GT")
    assert V2.institution("Ministry of Foreign Affairs", country="El Salvador").country == V2.country("SV")


def test_schema_1_links_become_editorial_involvements_in_1_1_0() -> None:
    from mirps._legacy import NOTE

    art = mirps.load("1.1.0").get("hn-community-art-san-pedro-sula")
    assert isinstance(art, models.Initiative)
    assert [i.id for i in art.partners] == ["children-international", "unhcr"]
    assert {(v.basis, v.note) for v in art.involvements} == {(Basis.EDITORIAL, NOTE)}
    assert art.institutions_in_charge == ("Municipality of San Pedro Sula",)
    assert [i.id for i in mirps.load("1.1.0").report("wg-local-governance-2021").advisory_panel] == [
        "br-sao-paulo-municipality",
        "unicef",
        "undp",
        "unhcr",
    ]
