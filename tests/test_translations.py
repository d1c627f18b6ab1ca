"""The translations are complete, current and compiled.

Three checks, together the promise that nobody reading Spanish or Thai meets
English: every catalogue translates every message (nothing empty, nothing
fuzzy); every string the code and templates mark is in the catalogues (the
extraction is run again into a scratch copy and compared); and the compiled
.mo files say what the .po files say (`make` compiles them before the tests).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LANGUAGES = [code for code, _ in settings.LANGUAGES if not code.startswith("en")]
DOMAINS = ("django", "djangojs")
LOCALE = Path(settings.LOCALE_PATHS[0])
# The same as `make messages`.
IGNORED = [".venv", "static/vendor", "staticfiles", "tests", "bench"]
# Not copied into the scratch tree the extraction runs in: nothing in them is ours to translate.
NOT_COPIED = shutil.ignore_patterns(".venv", ".git", "staticfiles", "vendor", "node_modules", "__pycache__", "*.mo")


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_there_is_a_catalogue_for_every_language() -> None:
    assert {path.parts[-3] for path in catalogues()} == set(LANGUAGES)


@pytest.mark.parametrize("path", catalogues(), ids=lambda path: "/".join(path.parts[-3:]))
def test_every_message_is_translated(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"{len(missing)} untranslated in {path.name}: {missing[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {path.name}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", catalogues(), ids=lambda path: "/".join(path.parts[-3:]))
def test_the_compiled_catalogue_matches_its_source(path: Path) -> None:
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{compiled.name} is missing: run `make translations`."
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(path)).translated_entries()}
    built = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(compiled))}
    assert built == source, f"{compiled} is older than {path.name}: run `make translations`."


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_marked_string_is_in_the_catalogues(domain: str, tmp_path: Path, settings, monkeypatch) -> None:
    # makemessages writes into the `locale` folder nearest each source file
    # (and, for templates, temporary files beside them), so it runs in a
    # scratch copy of the project: the real catalogues stay untouched while
    # other tests read them.
    project = tmp_path / "project"
    shutil.copytree(settings.BASE_DIR, project, ignore=NOT_COPIED)
    scratch = project / "locale"
    monkeypatch.chdir(project)
    settings.LOCALE_PATHS = [scratch]
    call_command(
        "makemessages", locale=LANGUAGES, domain=domain, ignore_patterns=IGNORED, add_location="file", verbosity=0
    )
    for language in LANGUAGES:
        extracted = scratch / language / "LC_MESSAGES" / f"{domain}.po"
        if not extracted.exists():
            continue
        committed = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
        known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(committed))} if committed.exists() else set()
        new = sorted(
            entry.msgid
            for entry in polib.pofile(str(extracted))
            if not entry.obsolete and (entry.msgctxt, entry.msgid) not in known
        )
        assert not new, (
            f"{len(new)} strings are not in {language}/{domain}.po: run `make messages` and translate them: {new[:10]}"
        )
