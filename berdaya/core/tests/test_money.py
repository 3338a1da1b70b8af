from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berdaya.core.masking import mask_nik
from berdaya.core.money import format_rupiah, percent_of, split_instalments


def test_it_rounds_the_fee_half_up():
    assert percent_of(5_000_000, Decimal("8.5")) == 425_000
    assert percent_of(5_000_000, Decimal("8")) == 400_000
    assert percent_of(1_234_567, Decimal("8.5")) == 104_938  # 104938.195 -> 104938
    assert percent_of(1_000_001, Decimal("8.5")) == 85_000  # 85000.085 -> 85000
    assert percent_of(100_007, Decimal("8.5")) == 8_501  # 8500.595 -> 8501
    assert percent_of(10, Decimal("5")) == 1  # 0.5 rounds up


@given(
    total=st.integers(min_value=0, max_value=10**10),
    count=st.integers(min_value=1, max_value=60),
    unit=st.sampled_from([1, 100, 1000]),
)
def test_it_splits_instalments_that_sum_exactly(total, count, unit):
    parts = split_instalments(total, count, unit=unit)
    assert len(parts) == count
    assert sum(parts) == total
    assert len(set(parts[:-1])) <= 1
    assert all(p % unit == 0 for p in parts[:-1])


def test_it_refuses_a_split_into_no_instalments():
    with pytest.raises(ValueError):
        split_instalments(100, 0)


def test_it_formats_rupiah_the_indonesian_way():
    assert format_rupiah(1_234_568) == "Rp1.234.568"
    assert format_rupiah(0) == "Rp0"
    assert format_rupiah(-5000) == "-Rp5.000"


def test_it_masks_a_nik():
    assert mask_nik("3276012345670001") == "3276********0001"
