"""Indonesian formats that differ from Django's ``id`` locale (FORMAT_MODULE_PATH).

A form field filled in from saved data renders its value with the first input format. Django's
``id`` locale starts with ``%d-%m-%Y``, but ``<input type="date">`` accepts only ISO
``YYYY-MM-DD`` and shows anything else as empty: editing a business lost its start date
(issue 14). ISO comes first; the Indonesian spellings are still read when typed.

Display: one format per kind (issue 14), Indonesian style (PUEBI: the time with a dot, 14.30).
Templates name them (``|date:"DATE_FORMAT"``), Python uses ``berdaya.core.dates``;
tests/test_date_formats.py refuses any other literal display format.
"""

DATE_FORMAT = "j F Y"  # '30 November 2026': a date alone
DATETIME_FORMAT = "j F Y H.i"  # '30 November 2026 14.30': Django's default for a datetime
SHORT_DATE_FORMAT = "j M Y"  # '30 Nov 2026' (Django's id default is d-m-Y; not used by us)
SHORT_DATETIME_FORMAT = "j M Y H.i"  # '30 Nov 2026 14.30': a moment (date with time)
TIME_FORMAT = "H.i"  # '14.30': a time alone
YEAR_MONTH_FORMAT = "F Y"  # 'November 2026': a month period
MONTH_DAY_FORMAT = "j F"  # '30 November': a day within a known year (a week's start)

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-03-07': what date inputs send and accept
    "%d-%m-%Y",  # '07-03-2026'
    "%d/%m/%Y",  # '07/03/2026'
    "%d-%m-%y",  # '07-03-26'
    "%d/%m/%y",  # '07/03/26'
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",  # '2026-03-07T14:30': what datetime-local inputs send and accept
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H.%M.%S",
    "%d-%m-%Y %H.%M",
    "%d/%m/%Y %H.%M.%S",
    "%d/%m/%Y %H.%M",
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # '14:30': what time inputs send and accept
    "%H:%M:%S",
    "%H.%M.%S",
    "%H.%M",
]
