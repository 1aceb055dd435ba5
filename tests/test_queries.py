"""Lookups and queries: keys a person types, filters, partners, search, errors."""

from __future__ import annotations

import enum
import pickle
import re
import unicodedata
from collections.abc import Callable, Sequence

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mirps
from mirps._text import fold, words
from mirps.models import items_of, keys_of

#: The latest dataset: the tests that use it check laws that hold in every version.
DS = mirps.load()
#: A named version: the tests that check values check those of dataset 1.1.0.
DS_1_1_0 = mirps.load("1.1.0")
KINDS: dict[str, Sequence[mirps.Record]] = {
    "country": DS.countries,
    "place": DS.places,
    "institution": DS.institutions,
    "report": DS.reports,
    "section": DS.sections,
}


@pytest.mark.parametrize("key", ["MX", "MEX", "Mexico", "México", "mexico", "  MÉXICO "])
def test_a_country_answers_to_codes_and_names_in_1_1_0(key: str) -> None:
    assert DS_1_1_0.country(key).id == "MX"


LATEST_CALLS = [
    ("country", (DS.countries[-1].name,), {}),
    ("place", (DS.places[-1].id,), {}),
    ("institution", (DS.institutions[-1].id,), {}),
    ("report", (DS.reports[-1].id,), {}),
    ("section", (DS.sections[-1].id,), {}),
    ("initiatives", (), {}),
    ("initiatives", (), {"country": DS.countries[0].id, "role": "partner"}),
    ("initiatives", (), {"report": DS.reports[-1], "text": "the"}),
    ("partners", (DS.institutions[0].id,), {}),
    ("partners", (DS.institutions[0],), {"report": DS.reports[-1].id}),
    ("recommendations", (), {}),
    ("recommendations", (), {"report": DS.reports[-1].id}),
    ("key_considerations", (), {}),
    ("key_considerations", (), {"theme": DS.sections[0].id}),
    ("sessions", (), {}),
    ("participants", (), {}),
    ("participants", (), {"country": DS.countries[-1]}),
    ("search", ("refugees",), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), LATEST_CALLS, ids=[c[0] for c in LATEST_CALLS])
def test_module_functions_query_the_latest_dataset(
    name: str, args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    assert getattr(mirps, name)(*args, **kwargs) == getattr(mirps.load(), name)(*args, **kwargs)


@pytest.mark.parametrize(
    ("name", "key"), [("country", "Mexco"), ("institution", "unchr"), ("place", "San Pedro Zula"), ("report", "x")]
)
def test_module_functions_raise_what_the_latest_dataset_raises(name: str, key: str) -> None:
    with pytest.raises(mirps.NotFoundError) as module_level:
        getattr(mirps, name)(key)
    with pytest.raises(mirps.NotFoundError) as method:
        getattr(mirps.load(), name)(key)
    assert str(module_level.value) == str(method.value)


def spellings() -> list[tuple[str, str, str]]:
    """(kind, spelling, id) for every spelling of every record that names only that record."""
    out = []
    for kind, records in KINDS.items():
        lookup = getattr(DS, kind)
        for record in records:
            for key in mirps.models.keys_of(record):
                try:
                    if lookup(key) == record:
                        out.append((kind, key, record.id))
                except mirps.AmbiguousKeyError:
                    pass
    return out


SPELLINGS = spellings()


def test_every_spelling_was_tried() -> None:
    assert len(SPELLINGS) > 300


def scramble_case(text: str, flips: list[bool]) -> str:
    return "".join(c.upper() if f else c.lower() for c, f in zip(text, flips + [False] * len(text), strict=False))


def add_accents(text: str, marks: list[str]) -> str:
    out = []
    for c, mark in zip(text, marks + [""] * len(text), strict=False):
        out.append(c + mark if c.isalpha() and c.isascii() else c)
    return unicodedata.normalize("NFC", "".join(out))


@settings(max_examples=300)
@given(
    st.sampled_from(SPELLINGS),
    st.lists(st.booleans(), max_size=80),
    st.lists(st.sampled_from(["", "\u0301", "\u0303", "\u0308"]), max_size=80),
)
def test_lookups_ignore_case_and_accents(entry: tuple[str, str, str], flips: list[bool], marks: list[str]) -> None:
    kind, key, record_id = entry
    typed = add_accents(scramble_case(key, flips), marks)
    assert getattr(DS, kind)(typed).id == record_id


@settings(max_examples=100)
@given(st.sampled_from(DS.institutions))
def test_corrected_spellings_find_the_same_record(institution: mirps.Institution) -> None:
    corrected = DS.corrected(institution)
    for key in (corrected.name, *corrected.aliases):
        try:
            assert DS.institution(key) == institution
        except mirps.AmbiguousKeyError as e:  # a ministry's name several countries share
            assert f"({institution.id})" in str(e)


def test_a_published_misspelling_and_its_correction_both_work_in_1_1_0() -> None:
    assert DS_1_1_0.institution("DYGESTIC") == DS_1_1_0.institution("DIGESTYC")
    assert DS_1_1_0.institution("Norwegian Refugee Council").acronym == "NRC"
    assert DS_1_1_0.institution("CIPPOV").id == "hn-cippdv"


FILTERS: dict[str, list[str | None]] = {
    "country": [c.id for c in DS.countries],
    "institution": [i.id for i in DS.institutions],
    "role": ["lead", "partner", None],
    "report": [r.id for r in DS.reports],
    "theme": [s.id for s in DS.sections],
    "place": [p.id for p in DS.places],
    "text": ["displacement", "women", "municipality", "UNHCR", "violence gangs", None],
}


@settings(max_examples=300)
@given(st.fixed_dictionaries({}, optional={k: st.sampled_from(v) for k, v in FILTERS.items()}))
def test_filters_combine_as_set_intersection(filters: dict[str, str | None]) -> None:
    found = DS.initiatives(**filters)
    expected = set(DS.initiatives())
    for name, value in filters.items():
        if name == "role" and filters.get("institution") is not None:
            continue  # with an institution, role says which part that institution plays
        expected &= set(DS.initiatives(**{name: value}))
    if filters.get("institution") is not None:
        expected &= set(DS.initiatives(institution=filters["institution"], role=filters.get("role")))
    assert set(found) == expected
    assert list(found) == [i for i in DS.initiatives() if i in expected]  # dataset order


@settings(max_examples=200)
@given(st.sampled_from(DS.institutions), st.sampled_from([None, *FILTERS["report"]]))
def test_partners_is_symmetric(institution: mirps.Institution, report: str | None) -> None:
    for partner in DS.partners(institution, report=report):
        assert institution in DS.partners(partner, report=report)


def test_role_tells_the_parts_apart() -> None:
    for institution in DS.institutions:
        by_role = {role: mirps.initiatives(institution=institution.id, role=role) for role in mirps.Role}
        assert set().union(*map(set, by_role.values())) == set(mirps.initiatives(institution=institution.id))
        assert all(institution in i.partners for i in by_role[mirps.Role.PARTNER])
        assert all(institution in i.leads for i in by_role[mirps.Role.LEAD])


def test_role_and_institution_answer_to_any_spelling_in_1_1_0() -> None:
    assert DS_1_1_0.initiatives(institution="SEGOB", role="LEAD") == DS_1_1_0.initiatives(
        institution="mx-segob", role=mirps.Role.LEAD
    )


def test_a_place_matches_what_lies_inside_it_in_1_1_0() -> None:
    art = DS_1_1_0.get("hn-community-art-san-pedro-sula")
    assert art in DS_1_1_0.initiatives(place="Llanos de Sula")
    assert art in DS_1_1_0.initiatives(place="San Pedro Sula")
    assert art not in DS_1_1_0.initiatives(place="Upala")


def test_a_place_matches_the_initiatives_in_it_or_inside_it() -> None:
    for place in DS.places:
        inside = [i for i in DS.initiatives() if any(p.within(place) for p in i.places)]
        assert list(DS.initiatives(place=place)) == inside, place.id


def test_a_theme_matches_its_subsections_in_1_1_0() -> None:
    everything = DS_1_1_0.initiatives(theme="wg-internal-displacement-2021/key-considerations")
    assert len(everything) == 7
    assert len(DS_1_1_0.initiatives(theme="ON DIFFERENTIATED APPROACHES IN THE GENERATION OF SOLUTIONS")) == 4


def test_a_theme_matches_the_initiatives_of_its_section_and_subsections() -> None:
    for section in DS.sections:
        within = [i for i in DS.initiatives() if i.section.within(section)]
        assert list(DS.initiatives(theme=section)) == within, section.id


def test_a_query_that_matches_nothing_is_empty_in_1_1_0() -> None:
    assert DS_1_1_0.initiatives(country="IT") == ()
    assert DS_1_1_0.initiatives(country="BR", place="Upala") == ()
    assert DS_1_1_0.search("zzzz-nothing") == ()


def test_results_are_tuples_of_records() -> None:
    found = mirps.initiatives(country="Honduras")
    assert isinstance(found, tuple)
    assert all(isinstance(i, mirps.Initiative) for i in found)
    assert all(mirps.country("HN") in i.countries for i in found)


def test_relations_are_objects_in_1_1_0() -> None:
    law = DS_1_1_0.get("mx-general-law-internal-displacement")
    assert isinstance(law, mirps.Initiative)
    assert law.countries[0].name == "Mexico"
    assert law.partners[0].acronym == "UNHCR"
    assert law.report.title.startswith("MIRPS WORKING GROUP ON INTERNAL DISPLACEMENT")
    assert law.source.from_page == 7


def test_search_finds_every_kind_in_1_1_0() -> None:
    kinds = {type(r) for r in DS_1_1_0.search("refugees")}
    assert {mirps.Initiative, mirps.Institution, mirps.Recommendation, mirps.KeyConsideration} <= kinds
    assert DS_1_1_0.get("wglg21-p-33") in DS_1_1_0.search("Iñaki de Francisco")  # the corrected spelling
    assert DS_1_1_0.get("hn-sanai") in DS_1_1_0.search("Sinaí")  # a spelling only its correction gives it


@pytest.mark.parametrize(
    ("call", "suggestion"),
    [
        (lambda: DS_1_1_0.country("Mexco"), "Mexico (MX)"),
        (lambda: DS_1_1_0.institution("unchr"), "United Nations High Commissioner for Refugees (unhcr)"),
        (lambda: DS_1_1_0.place("San Pedro Zula"), "San Pedro Sula"),
        (lambda: DS_1_1_0.initiatives(country="Hondura"), "Honduras (HN)"),
        (lambda: mirps.initiatives(role="leader"), "lead"),
        (lambda: mirps.load("1.0"), "1.0.0"),
    ],
)
def test_unknown_keys_raise_not_found_with_suggestions(call: Callable[[], object], suggestion: str) -> None:
    with pytest.raises(mirps.NotFoundError) as info:
        call()
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, mirps.MirpsError)
    assert suggestion in str(info.value)


def test_an_ambiguous_name_lists_the_candidates_in_1_1_0() -> None:
    with pytest.raises(mirps.AmbiguousKeyError, match=r"gt-minex.*pa-mire"):
        DS_1_1_0.institution("Ministry of Foreign Relations")


@pytest.mark.parametrize("bad", [3, 2.5, None, b"MX", ["MX"], DS.institutions[0]])
def test_wrong_key_types_raise_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        mirps.country(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "call",
    [
        lambda: mirps.initiatives(country=7),  # type: ignore[arg-type]
        lambda: mirps.initiatives(text=["x"]),  # type: ignore[arg-type]
        lambda: mirps.initiatives(role=1),  # type: ignore[arg-type]
        lambda: mirps.partners(None),  # type: ignore[arg-type]
        lambda: mirps.load(1),  # type: ignore[arg-type]
        lambda: DS.get(5),  # type: ignore[arg-type]
    ],
)
def test_wrong_argument_types_raise_type_error(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError):
        call()


def test_records_are_frozen_hashable_and_picklable() -> None:
    for cls in mirps.models.record_kinds():
        record = DS.records(cls)[0]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            record.id = "x"  # type: ignore[misc]
        with pytest.raises((AttributeError, TypeError)):
            record.extra = 1  # type: ignore[attr-defined]
        assert hash(record) == hash(attrs.evolve(record))
        assert pickle.loads(pickle.dumps(record)) == record
        assert len(repr(record)) < 200


def test_fold_is_what_lookups_compare() -> None:
    assert fold("  São\tPAULO ") == "sao paulo"


def record_words(record: mirps.Record) -> list[str]:
    """The words search finds a record by, from its definition: every text value the record
    holds (each item of a list, an enumeration's value, a list heading) and, for a corrected
    record, the spellings its corrections give it."""
    texts = [v.value if isinstance(v, enum.Enum) else v for v in items_of(record) if isinstance(v, str)]
    texts += [h.text for h in items_of(record) if isinstance(h, mirps.Heading)]
    if DS.corrections_of(record):
        texts += keys_of(DS.corrected(record))
    return words("\n".join(texts))


WORDS = sorted({w for cls in mirps.models.record_kinds() for r in DS.records(cls) for w in record_words(r)})
PREFIXES = st.sampled_from(WORDS).flatmap(lambda w: st.integers(1, len(w)).map(lambda n: w[:n]))


@settings(max_examples=200)
@given(st.lists(PREFIXES, min_size=1, max_size=3))
def test_search_finds_exactly_the_records_whose_words_start_with_the_query(prefixes: list[str]) -> None:
    query = " ".join(prefixes)
    expected = [
        r
        for cls in mirps.models.record_kinds()
        for r in DS.records(cls)
        if all(any(w.startswith(p) for w in record_words(r)) for p in words(query))
    ]
    assert list(DS.search(query)) == expected
    initiatives = [r for r in expected if isinstance(r, mirps.Initiative)]
    assert list(DS.initiatives(text=query)) == initiatives


@settings(max_examples=500)
@given(st.text(alphabet="ab_ -éÉ1\n·", max_size=30), st.text(alphabet="ab_é1", min_size=1, max_size=3))
def test_a_word_starts_where_the_pattern_of_a_word_start_says(text: str, word: str) -> None:
    from mirps._search import _at_word_start

    assert _at_word_start(text, word) == bool(re.search(r"(?<!\w)" + re.escape(word), text))


def test_a_dataset_and_a_module_level_query_pickle_for_other_processes() -> None:
    ds = mirps.load("1.0.0")
    again = pickle.loads(pickle.dumps(ds))
    assert again.version == ds.version and again.initiatives(country="HN") == ds.initiatives(country="HN")
    assert again.participants() == ds.participants()  # its facets, made on first use, pickle too
    query = pickle.loads(pickle.dumps(mirps.initiatives))
    assert query(country="MX") == mirps.initiatives(country="MX")


def test_a_dataset_made_in_memory_needs_no_record_its_corrections_name() -> None:
    kept: dict[type[mirps.Record], tuple[mirps.Record, ...]] = {
        kind: DS_1_1_0.records(kind) for kind in (mirps.Country, mirps.Correction)
    }
    partial = mirps.Dataset("1.1.0", kept)
    assert partial.country("Mexico").id == "MX"
    assert {r.id for r in partial.search("DIGESTYC")} == {"wgid21-c-01"}  # the correction itself
