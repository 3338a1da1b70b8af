import datetime

import pytest

from berdaya.core.errors import AccessDenied, RuleError
from berdaya.core.models import Event
from berdaya.targets import services
from berdaya.targets.models import Target, TargetYear
from berdaya.targets.tests.builders import seeded_targets

D = datetime.date


def _create(personas, **over):
    fields = {
        "actor": personas.admin,
        "name": "300 Kelompok Kredit Mesra",
        "rule": "groups_financed",
        "period_start": D(2025, 1, 1),
        "period_end": D(2026, 12, 31),
        "number": 300,
        "years": [(2025, 100), (2026, 200)],
    }
    fields.update(over)
    return services.target_create(**fields)


def test_it_seeds_the_two_program_targets_with_1750_a_year_and_the_remainder(db):
    new, women = seeded_targets()
    assert (new.rule, new.period_start, new.period_end, new.number) == (
        "new_entrepreneurs",
        D(2022, 1, 1),
        D(2024, 12, 31),
        5000,
    )
    assert list(new.years.values_list("year", "number")) == [
        (2022, 1750),
        (2023, 1750),
        (2024, 1500),
    ]
    assert (women.rule, women.period_start, women.period_end, women.number) == (
        "women_entrepreneurs",
        D(2022, 1, 1),
        D(2024, 12, 31),
        1000,
    )


def test_it_creates_a_target_with_its_years_and_an_event(personas):
    target = _create(personas)
    assert list(target.years.values_list("year", "number")) == [(2025, 100), (2026, 200)]
    assert Event.objects.filter(verb="created", object_id=str(target.pk)).exists()


def test_it_refuses_a_period_that_ends_before_it_starts_and_saves_nothing(personas):
    with pytest.raises(RuleError) as error:
        _create(personas, period_start=D(2026, 1, 1), period_end=D(2025, 12, 31), years=[])
    assert error.value.codes == ["period_end_before_start"]
    assert not Target.objects.filter(name="300 Kelompok Kredit Mesra").exists()


def test_it_refuses_years_that_do_not_sum_to_the_number_and_saves_nothing(personas):
    with pytest.raises(RuleError) as error:
        _create(personas, years=[(2025, 100), (2026, 150)])
    assert error.value.codes == ["years_sum_mismatch"]
    assert "250" in error.value.problems[0].message
    assert not Target.objects.filter(name="300 Kelompok Kredit Mesra").exists()
    assert not TargetYear.objects.filter(year=2026, number=150).exists()


def test_it_refuses_a_year_outside_the_period_and_a_duplicate_year(personas):
    with pytest.raises(RuleError) as error:
        _create(personas, years=[(2024, 100), (2026, 200)])
    assert error.value.codes == ["year_outside_period"]
    with pytest.raises(RuleError) as error:
        _create(personas, years=[(2025, 100), (2025, 200)])
    assert error.value.codes == ["year_duplicate"]


def test_it_refuses_a_target_of_zero_and_an_unknown_rule(personas):
    with pytest.raises(RuleError) as error:
        _create(personas, number=0, years=[], rule="happiness")
    assert set(error.value.codes) == {"target_not_positive", "rule_unknown"}


def test_it_refuses_a_duplicate_name(personas):
    _create(personas)
    with pytest.raises(RuleError) as error:
        _create(personas)
    assert error.value.codes == ["name_taken"]


def test_it_lets_only_the_admin_create_or_change_a_target(personas):
    for user in (personas.staff, personas.head, personas.outsider):
        with pytest.raises(AccessDenied):
            _create(personas, actor=user)
    new, _ = seeded_targets()
    with pytest.raises(AccessDenied):
        services.target_update(
            target=new,
            actor=personas.staff,
            name=new.name,
            rule=new.rule,
            period_start=new.period_start,
            period_end=new.period_end,
            number=1,
        )


def test_it_updates_a_target_and_replaces_its_years(personas):
    new, _ = seeded_targets()
    services.target_update(
        target=new,
        actor=personas.admin,
        name=new.name,
        rule=new.rule,
        period_start=new.period_start,
        period_end=new.period_end,
        number=6000,
        years=[(2022, 2000), (2023, 2000), (2024, 2000)],
    )
    new.refresh_from_db()
    assert new.number == 6000
    assert list(new.years.values_list("number", flat=True)) == [2000, 2000, 2000]


def test_it_keeps_the_old_target_when_an_update_is_refused(personas):
    new, _ = seeded_targets()
    with pytest.raises(RuleError):
        services.target_update(
            target=new,
            actor=personas.admin,
            name=new.name,
            rule=new.rule,
            period_start=new.period_start,
            period_end=new.period_end,
            number=6000,
            years=[(2022, 1750), (2023, 1750), (2024, 1500)],
        )
    new.refresh_from_db()
    assert new.number == 5000
    assert new.years.count() == 3
