# English (en-gb) as the pages write it: Django's British formats, with 24-hour
# times (staff read the time of a contact at a glance) and short month names.
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
# Our own name: a date where a page has little room ("1 Dec 2026"), see moments.localisation.
COMPACT_DATE_FORMAT = "j M Y"
# Our own name: a date written out in full ("1 December 2026"), where a customer reads it (survey pages, e-mails).
LONG_DATE_FORMAT = "j F Y"
