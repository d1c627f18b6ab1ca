# Spanish as the pages write it: Django's formats, with short month names where
# a page has little room (trend labels, lists).
DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
# Our own name: a date where a page has little room ("1 Dec 2026"), see moments.localisation.
COMPACT_DATE_FORMAT = "j M Y"
