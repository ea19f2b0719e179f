"""The customer-facing catalogues are complete in every language (docs/i18n.md).

The strings are extracted afresh from the sources (makemessages_customer into a copy of
locale_customer/), so a string marked since the catalogues were last made counts as missing. Each
language fails with the file and msgid of every entry that is missing from the committed .po,
untranslated or fuzzy, whose placeholders differ from the msgid's, or whose .mo is stale.
"""

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from django.core.management import CommandError, call_command
from django.utils.translation import to_locale

from helpdesk.i18n import CUSTOMER_LOCALE, compiled, customer_locales

DOMAINS = ("django", "djangojs")
# %(name)s and %s in Python and template strings, {name} in Python and the widget.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w+\}")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The committed catalogues with the sources' strings merged in, as makemessages would leave them,
    and why a language's catalogue could not be merged (a .po that is no longer valid gettext)."""
    copy = tmp_path_factory.mktemp("i18n") / "locale_customer"
    shutil.copytree(CUSTOMER_LOCALE, copy)
    options = {"all_domains": True, "no_obsolete": True, "output_dir": str(copy), "verbosity": 0}
    try:
        call_command("makemessages_customer", all=True, **options)
        return copy, {}
    except CommandError:
        pass
    # One broken catalogue stops msgmerge for all: merge each language alone to name the broken ones.
    errors = {}
    for locale in customer_locales():
        try:
            call_command("makemessages_customer", locale=[locale], **options)
        except CommandError as exc:
            errors[locale] = str(exc)
    return copy, errors


def _read(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def _entries(catalogue: Catalog) -> Iterator[Message]:
    return (message for message in catalogue if message.id)


def _key(message: Message) -> tuple[str, str | None]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def placeholder_problems(message: Message) -> list[str]:
    """What is wrong with a translation's placeholders; [] when it keeps them all."""
    if isinstance(message.id, str):
        wanted, got = _placeholders(message.id), _placeholders(str(message.string))
        return [f"placeholders {sorted(got)} instead of {sorted(wanted)}"] if got != wanted else []
    singular, plural = _placeholders(message.id[0]), _placeholders(message.id[1])
    forms = [_placeholders(form) for form in message.string or ()]
    problems = [
        f"msgstr[{n}] has {sorted(form)}, not within {sorted(singular | plural)}"
        for n, form in enumerate(forms)
        if not (singular - (plural - singular)) <= form <= singular | plural
    ]
    # The count may be left out of a form for exactly one (or two, ...) but not of the general one.
    if forms and not plural <= forms[-1]:
        problems.append(f"msgstr[{len(forms) - 1}] lacks {sorted(plural - forms[-1])}")
    return problems


def _translated(message: Message) -> bool:
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(forms) and all(forms)


def catalogue_problems(
    committed_path: Path, extracted_path: Path, root: Path = CUSTOMER_LOCALE.parent
) -> list[str]:
    name = committed_path.relative_to(root)
    if not committed_path.exists():
        return [f"{name}: the catalogue does not exist"]
    committed, fresh = _read(committed_path), _read(extracted_path)
    known = {_key(message) for message in _entries(committed)}
    problems = []
    for message in _entries(fresh):
        where = f"{name}: msgid {message.id!r}" + (
            f" (msgctxt {message.context!r})" if message.context else ""
        )
        if _key(message) not in known:
            problems.append(f"{where}: missing (run makemessages_customer)")
        elif message.fuzzy:
            problems.append(f"{where}: fuzzy")
        elif not _translated(message):
            problems.append(f"{where}: untranslated")
        else:
            problems.extend(f"{where}: {problem}" for problem in placeholder_problems(message))
    stale = known - {_key(message) for message in _entries(fresh)}
    problems.extend(f"{name}: msgid {msgid!r} is in no source any more" for msgid, _ctx in sorted(stale))
    mo_path = committed_path.with_suffix(".mo")
    if not mo_path.exists() or mo_path.read_bytes() != compiled(committed_path):
        problems.append(f"{mo_path.relative_to(root)}: stale (run compilemessages_customer)")
    return problems


def test_there_is_a_customer_catalogue_for_every_language_but_english():
    assert sorted(path.name for path in CUSTOMER_LOCALE.iterdir() if path.is_dir()) == sorted(
        customer_locales()
    )
    assert to_locale("zh-hans") in customer_locales() and "en" not in customer_locales()


@pytest.mark.parametrize("locale", customer_locales())
def test_every_customer_facing_string_is_translated(locale: str, extracted: tuple[Path, dict[str, str]]):
    merged, errors = extracted
    assert locale not in errors, (
        f"locale_customer/{locale}: makemessages cannot merge it: {errors.get(locale)}"
    )
    problems = [
        problem
        for domain in DOMAINS
        for problem in catalogue_problems(
            CUSTOMER_LOCALE / locale / "LC_MESSAGES" / f"{domain}.po",
            merged / locale / "LC_MESSAGES" / f"{domain}.po",
        )
    ]

    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


# --- The check itself catches what it promises --------------------------------------------------------


def _message(msgid: str | tuple[str, str], string: str | tuple[str, ...], **kwargs: object) -> Message:
    return Message(msgid, string, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "wrong"),
    [
        ("Hello {name}", "Hola {name}", False),
        ("Hello {name}", "Hola {nombre}", True),
        ("Use %(methods)s.", "Utilice %(methods)s.", False),
        ("Use %(methods)s.", "Utilice %(method)s.", True),
        ("You are number {position} in the queue.", "Vous êtes en file d'attente.", True),
        (("See the article", "See all %(counter)s articles"), ("Artikel", "Alle %(counter)s Artikel"), False),
        (("See the article", "See all %(counter)s articles"), ("Artikel", "Alle Artikel"), True),
        (("One for “%(q)s”", "%(counter)s for “%(q)s”"), ("%(counter)s за «%(q)s»",) * 3, False),
        (
            ("One for “%(q)s”", "%(counter)s for “%(q)s”"),
            ("один", "%(counter)s «%(q)s»", "%(counter)s"),
            True,
        ),
    ],
)
def test_placeholders_must_match_between_msgid_and_msgstr(msgid, msgstr, wrong):
    assert bool(placeholder_problems(_message(msgid, msgstr))) is wrong


def _write(catalogue: Catalog, path: Path) -> Path:
    with path.open("wb") as out:
        write_po(out, catalogue)
    return path


def test_a_missing_an_untranslated_a_fuzzy_and_a_stale_entry_are_each_named_with_file_and_msgid(tmp_path):
    committed, fresh = Catalog(locale="de"), Catalog(locale="de")
    for catalogue in (committed, fresh):
        catalogue.add("Send", "Senden")
        catalogue.add("Cancel", "")
        catalogue.add("Read", "Gelesen", flags=["fuzzy"])
    committed.add("Gone", "Weg")
    fresh.add("New words", "")
    po_path = _write(committed, tmp_path / "de.po")
    po_path.with_suffix(".mo").write_bytes(compiled(po_path))

    problems = catalogue_problems(po_path, _write(fresh, tmp_path / "fresh.po"), root=tmp_path)

    assert sorted(problems) == [
        "de.po: msgid 'Cancel': untranslated",
        "de.po: msgid 'Gone' is in no source any more",
        "de.po: msgid 'New words': missing (run makemessages_customer)",
        "de.po: msgid 'Read': fuzzy",
    ]


def test_a_mo_file_older_than_its_po_is_named(tmp_path):
    catalogue = Catalog(locale="de")
    catalogue.add("Send", "Senden")
    po_path = _write(catalogue, tmp_path / "de.po")
    po_path.with_suffix(".mo").write_bytes(compiled(po_path))
    catalogue.add("Cancel", "Abbrechen")
    _write(catalogue, po_path)

    assert catalogue_problems(po_path, po_path, root=tmp_path) == [
        "de.mo: stale (run compilemessages_customer)"
    ]
