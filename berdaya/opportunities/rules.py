"""Who fits an opportunity: the eligibility rules, each with a stable ``why_not`` code.

The facts about a business come from the registry's and training's selectors once
(``facts_for``/``facts_for_many``), so a list of opportunities costs no query per row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from berdaya.opportunities.models import Opportunity, OpportunityStatus
from berdaya.registry.selectors import person_is_woman, registration_is_verified

MESSAGES = {
    "closed": "Pendaftaran peluang ini sudah ditutup.",
    "not_open_yet": "Pendaftaran peluang ini belum dibuka.",
    "full": "Kuota peluang ini sudah penuh.",
    "not_verified_partner": "Hanya mitra binaan yang sudah terverifikasi yang dapat mendaftar.",
    "not_eligible_sector": "Bidang usaha (kategori KBLI) Anda tidak termasuk sasaran peluang ini.",
    "not_eligible_area": "Usaha Anda tidak berada di kecamatan sasaran peluang ini.",
    "not_eligible_size": "Skala usaha Anda tidak termasuk sasaran peluang ini.",
    "women_only": "Peluang ini khusus untuk perempuan pengusaha.",
    "new_entrepreneurs_only": "Peluang ini khusus untuk pengusaha baru.",
    "training_required": "Peluang ini mensyaratkan sertifikat pelatihan DKUM.",
    "business_required": "Daftarkan usaha Anda sebagai mitra binaan terlebih dahulu.",
}

ELIGIBILITY_CODES = (
    "not_verified_partner",
    "not_eligible_sector",
    "not_eligible_area",
    "not_eligible_size",
    "women_only",
    "new_entrepreneurs_only",
    "training_required",
)


def message_for(code: str, opportunity: Opportunity | None = None) -> str:
    if code == "training_required" and opportunity is not None and opportunity.training_program:
        return (
            "Peluang ini mensyaratkan sertifikat pelatihan DKUM program "
            f"{opportunity.training_program.name}."
        )
    return MESSAGES.get(code, code)


@dataclass(frozen=True)
class BusinessFacts:
    """What the rules need to know about one business and its owner."""

    business_id: int
    person_id: int
    section: str
    kecamatan_code: str
    size_class: str
    woman: bool
    new_entrepreneur: bool
    verified: bool
    certified_programs: frozenset[int] = field(default_factory=frozenset)

    @property
    def certified(self) -> bool:
        return bool(self.certified_programs)


def _facts(business, programs: Iterable[int]) -> BusinessFacts:
    registration = getattr(business, "registration", None)
    verified = registration_is_verified(registration)
    return BusinessFacts(
        business_id=business.pk,
        person_id=business.owner_id,
        section=business.kbli_section,
        kecamatan_code=business.kelurahan.kecamatan_id,
        size_class=business.size_class,
        woman=person_is_woman(business.owner),
        new_entrepreneur=bool(registration is not None and registration.is_new_entrepreneur),
        verified=verified,
        certified_programs=frozenset(programs),
    )


def facts_for_many(businesses: Iterable) -> dict[int, BusinessFacts]:
    """Facts of each business (load them with ``owner``, ``kelurahan`` and ``registration``)."""
    from berdaya.training.selectors import valid_certificates

    businesses = list(businesses)
    person_ids = {b.owner_id for b in businesses}
    programs: dict[int, set[int]] = {}
    rows = valid_certificates().filter(person_id__in=person_ids)
    for person_id, program_id in rows.values_list("person_id", "batch__program_id"):
        programs.setdefault(person_id, set()).add(program_id)
    return {b.pk: _facts(b, programs.get(b.owner_id, ())) for b in businesses}


def facts_for(business) -> BusinessFacts:
    return facts_for_many([business])[business.pk]


def eligibility_codes(opportunity: Opportunity, facts: BusinessFacts) -> list[str]:
    """The eligibility rules this business does not meet (empty: it fits)."""
    codes = []
    if not facts.verified:
        codes.append("not_verified_partner")
    if opportunity.kbli_sections and facts.section not in opportunity.kbli_sections:
        codes.append("not_eligible_sector")
    if opportunity.kecamatan_codes and facts.kecamatan_code not in opportunity.kecamatan_codes:
        codes.append("not_eligible_area")
    if opportunity.size_classes and facts.size_class not in opportunity.size_classes:
        codes.append("not_eligible_size")
    if opportunity.women_only and not facts.woman:
        codes.append("women_only")
    if opportunity.new_entrepreneurs_only and not facts.new_entrepreneur:
        codes.append("new_entrepreneurs_only")
    if opportunity.training_required:
        wanted = opportunity.training_program_id
        if not (facts.certified_programs if wanted is None else wanted in facts.certified_programs):
            codes.append("training_required")
    return codes


def availability_codes(
    opportunity: Opportunity, *, taken: int, today: datetime.date | None = None
) -> list[str]:
    """Whether anyone may apply now: ``closed``, ``not_open_yet`` or ``full`` (first come only).
    ``taken`` is the number of active (applied or selected) applications."""
    today = today or timezone.localdate()
    if opportunity.current_status(today) != OpportunityStatus.PUBLISHED:
        return ["closed"]
    if today < opportunity.opens_on:
        return ["not_open_yet"]
    if opportunity.first_come and opportunity.quota is not None and taken >= opportunity.quota:
        return ["full"]
    return []


def why_not(
    opportunity: Opportunity,
    facts: BusinessFacts | None,
    *,
    taken: int,
    today: datetime.date | None = None,
) -> list[str]:
    """Every reason this business cannot apply now (empty: it fits and may apply)."""
    codes = availability_codes(opportunity, taken=taken, today=today)
    if facts is None:
        return [*codes, "business_required"]
    return codes + eligibility_codes(opportunity, facts)
