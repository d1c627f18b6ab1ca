# Spanish as the pages write it: Django's formats, with short month names where
# a page has little room (trend labels, lists).
DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
# Our own name: a date where a page has little room ("1 Dec 2026"), see moments.localisation.
COMPACT_DATE_FORMAT = "j M Y"
# Our own name: a date written out in full ("1 December 2026"), where a customer reads it (survey pages, e-mails).
LONG_DATE_FORMAT = r"j \d\e F \d\e Y"
