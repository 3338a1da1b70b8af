"""Dates written for people in messages, PDFs and exports, in the formats that templates use.

One format per kind (issue 14), defined in config/formats/id/formats.py and read through
Django's ``date_format`` under the Indonesian locale; an aware datetime is shown in the local
time zone (Asia/Jakarta). Machine formats (ISO in JSON, CSV, filenames) do not come here.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import formats, timezone, translation


def _format(value: datetime.date | datetime.time, name: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(value, datetime.time):
            return formats.time_format(value, name)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, name)


def long_date(value: datetime.date) -> str:
    """'30 November 2026' (DATE_FORMAT)."""
    return _format(value, "DATE_FORMAT")


def short_datetime(value: datetime.datetime) -> str:
    """'30 Nov 2026 14.30' (SHORT_DATETIME_FORMAT), in local time."""
    return _format(value, "SHORT_DATETIME_FORMAT")


def time_of_day(value: datetime.datetime | datetime.time) -> str:
    """'14.30' (TIME_FORMAT), in local time."""
    return _format(value, "TIME_FORMAT")


def month_year(value: datetime.date) -> str:
    """'November 2026' (YEAR_MONTH_FORMAT)."""
    return _format(value, "YEAR_MONTH_FORMAT")
