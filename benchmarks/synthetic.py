"""Synthetic but valid mirps dataset documents of any size, for the scale benchmarks.

``document(n)`` has ``n`` initiatives and proportionate countries, places, institutions,
reports, sections, key considerations, recommendations, sessions and participants; every
link resolves and every rule the loader checks holds, so ``mirps`` loads it in full.
"""

from __future__ import annotations

import random
from typing import Any

COUNTRIES = [
    ("MX", "MEX", "Mexico", "México"),
    ("GT", "GTM", "Guatemala", "Guatemala"),
    ("HN", "HND", "Honduras", "Honduras"),
    ("SV", "SLV", "El Salvador", "El Salvador"),
    ("CR", "CRI", "Costa Rica", "Costa Rica"),
    ("PA", "PAN", "Panama", "Panamá"),
    ("BZ", "BLZ", "Belize", "Belice"),
    ("CO", "COL", "Colombia", "Colombia"),
    ("BR", "BRA", "Brazil", "Brasil"),
    ("IT", "ITA", "Italy", "Italia"),
    ("US", "USA", "United States", "Estados Unidos"),
    ("CA", "CAN", "Canada", "Canadá"),
    ("EC", "ECU", "Ecuador", "Ecuador"),
    ("PE", "PER", "Peru", "Perú"),
    ("CL", "CHL", "Chile", "Chile"),
    ("AR", "ARG", "Argentina", "Argentina"),
    ("NI", "NIC", "Nicaragua", "Nicaragua"),
    ("DO", "DOM", "Dominican Republic", "República Dominicana"),
    ("CU", "CUB", "Cuba", "Cuba"),
    ("VE", "VEN", "Venezuela", "Venezuela"),
]
SYLLABLES = [
    "ca",
    "mi",
    "no",
    "ra",
    "te",
    "lo",
    "sa",
    "vi",
    "de",
    "pro",
    "tec",
    "cion",
    "mu",
    "ni",
    "go",
    "bier",
    "al",
    "des",
]


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    return sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)})


def document(initiatives: int, seed: int = 2021) -> dict[str, Any]:
    """A valid dataset document with ``initiatives`` initiatives."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)

    def sentence(length: int = 14) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(length)).capitalize() + "."

    def ref(record_id: str) -> dict[str, str]:
        return {"id": record_id}

    countries = [{"id": a2, "alpha3": a3, "name": en, "name_es": es, "aliases": []} for a2, a3, en, es in COUNTRIES]
    n_places = max(10, initiatives // 20)
    places = []
    for k in range(n_places):
        country = COUNTRIES[k % len(COUNTRIES)][0]
        places.append(
            {
                "id": f"place-{k}",
                "name": f"Municipality {k}",
                "kind": "municipality",
                "country": ref(country),
                "subdivision": f"{country}-{k % 30}",
                "parent": None,
                "aliases": [f"Town {k}"],
            }
        )
    n_institutions = max(20, initiatives // 10)
    institutions = []
    for k in range(n_institutions):
        national = k % 4 != 0
        institutions.append(
            {
                "id": f"inst-{k}",
                "name": f"Institution {k}",
                "acronym": f"I{k}",
                "kind": "national_government" if national else "un_agency",
                "country": ref(COUNTRIES[k % len(COUNTRIES)][0]) if national else None,
                "parent": ref(f"inst-{k - 1}") if national and k % 7 == 1 else None,
                "aliases": [f"Inst. {k}"],
            }
        )
    n_reports = max(1, initiatives // 1000)
    reports, sections = [], []
    for k in range(n_reports):
        reports.append(
            {
                "id": f"report-{k}",
                "title": f"REPORT {k}",
                "subtitle": None,
                "working_group": f"Working Group {k}",
                "year": 2021,
                "pro_tempore_presidency": ref("GT"),
                "lead_country": ref("MX"),
                "members": [ref("SV"), ref("HN"), ref("MX")],
                "observers": [ref("CR")],
                "member_places": [ref(f"place-{k % n_places}")],
                "expert_countries": [ref("CO")],
                "themes": [sentence(6)],
                "introduction": [sentence(40)],
                "involvements": [
                    {"institution": ref("inst-0"), "role": "adviser", "basis": "editorial", "note": "Synthetic."},
                    {"institution": ref("inst-4"), "role": "secretariat", "basis": "editorial", "note": "Synthetic."},
                ],
            }
        )
        for j in range(5):
            sections.append(
                {
                    "id": f"report-{k}/s{j}",
                    "report": ref(f"report-{k}"),
                    "number": str(j + 1),
                    "title": f"SECTION {j + 1}",
                    "page": 6 + j,
                    "parent": None,
                    "text": [],
                }
            )

    def section() -> dict[str, str]:
        return ref(f"report-{rng.randrange(n_reports)}/s{rng.randrange(5)}")

    def entries(field: str, role: str, count: int) -> tuple[list[str], list[dict[str, Any]]]:
        """An entry field's texts, and the stated involvements quoting them."""
        chosen = rng.sample(range(n_institutions), count)
        texts = [f"Institution {k}" for k in chosen]
        involvements = [
            {"institution": ref(f"inst-{k}"), "role": role, "basis": "stated", "evidence": t, "field": field}
            for k, t in zip(chosen, texts, strict=True)
        ]
        return texts, involvements

    items = []
    for i in range(initiatives):
        leads, led = entries("institutions_in_charge", "lead", rng.randint(1, 2))
        partners, partnered = entries("strategic_partners", "partner", rng.randint(1, 3))
        items.append(
            {
                "id": f"init-{i}",
                "section": section(),
                "kind": "initiative",
                "title": sentence(8).upper(),
                "countries": [ref(c) for c in rng.sample([c[0] for c in COUNTRIES[:8]], rng.randint(1, 2))],
                "places": [ref(f"place-{rng.randrange(n_places)}")] if rng.random() < 0.5 else [],
                "summary": [sentence(30)],
                "institutions_in_charge": leads,
                "strategic_partners": partners,
                "objectives": [sentence(), sentence()],
                "target_population": [sentence()],
                "geographic_coverage": [],
                "length": [],
                "description": [sentence(40), sentence(40)],
                "challenges": [sentence()],
                "next_steps": [sentence()],
                "results_to_date": [sentence()],
                "enabling_elements": [sentence()],
                "involvements": led + partnered,
            }
        )
    considerations = [{"id": f"kc-{k}", "section": section(), "text": sentence(30)} for k in range(initiatives // 10)]
    recommendations = [
        {"id": f"rec-{k}", "section": section(), "number": k + 1, "text": sentence(25)}
        for k in range(initiatives // 20)
    ]
    sessions = [
        {
            "id": f"session-{k}-{j}",
            "section": ref(f"report-{k}/s0"),
            "number": j + 1,
            "date": f"2021-07-{6 + j:02d}",
            "text": sentence(12),
            "topics": [sentence(3)],
        }
        for k in range(n_reports)
        for j in range(4)
    ]
    participants = [
        {
            "id": f"p-{k}",
            "section": section(),
            "role": "member",
            "honorific": "Mrs.",
            "name": f"Person {k}",
            "country": ref(COUNTRIES[k % 8][0]),
            "institution": ref(f"inst-{k % n_institutions}"),
            "position": None,
            "listed_under": "Delegation",
            "published": f"Mrs. Person {k}",
        }
        for k in range(initiatives // 10)
    ]
    return {
        "version": "2.0.0",
        "countries": countries,
        "places": places,
        "institutions": institutions,
        "reports": reports,
        "sections": sections,
        "initiatives": items,
        "key_considerations": considerations,
        "recommendations": recommendations,
        "sessions": sessions,
        "participants": participants,
        "corrections": [],
    }
