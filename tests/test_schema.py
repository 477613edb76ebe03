"""Each value type of front-matter accepts the spellings the content model
allows and refuses the rest, with a message that says what was expected.

One table per type: what a contributor may write and what the check gives
back, then what it refuses and the exact message. A check that accepts too
much (any URL scheme, a boolean as a number, a slug with a double hyphen)
fails a row here before it reaches a published page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cityhub.content import cities, practices
from cityhub.content.frontmatter import Document
from cityhub.content.problems import Problems
from cityhub.content.schema import (
    INVALID,
    SLUG,
    Boolean,
    Checker,
    Choice,
    Country,
    Date,
    Email,
    Integer,
    ListOf,
    Number,
    Slug,
    Text,
    Type,
    Url,
)
from cityhub.content.slugs import slugify

#: a field's label in the messages below
AT = "'field'"


def check(value_type: Type, value: Any) -> tuple[Any, list[str]]:
    """What ``value_type`` makes of ``value`` written as the key ``field``, and
    the messages it reports."""
    problems = Problems()
    result = value_type.check(value, ("field",), Checker(Document("x.md"), problems))
    return result, [problem.message for problem in problems]


def accepts(value_type: Type, value: Any, expected: Any) -> None:
    result, messages = check(value_type, value)
    assert messages == [], value
    assert result == expected and type(result) is type(expected), value


def refuses(value_type: Type, value: Any, message: str) -> None:
    result, messages = check(value_type, value)
    assert result is INVALID, value
    assert messages == [message], value


# URL ---------------------------------------------------------------------------

URL = f"{AT} must be an absolute web address starting with https:// or http://; found "


@pytest.mark.parametrize("value", [
    "https://example.org",
    "http://example.org/",
    "https://www.example.org/path/to/page.html?a=1&b=two#section",
    "https://sub.domain.example.org:8443/x",
    "https://example.org/%20encoded%0Aspace",
    "https://xn--sao-paulo-9ya.example/",
    "https://example.org/a(b)c",
])
def test_urls_accepted(value: str) -> None:
    accepts(Url(), value, value)


def test_a_url_is_kept_without_surrounding_spaces() -> None:
    accepts(Url(), "  https://example.org/x \n", "https://example.org/x")


@pytest.mark.parametrize("value, found", [
    ("javascript:alert(1)", "'javascript:alert(1)'"),
    ("javascript://example.org/%0aalert(1)", "'javascript://example.org/%0aalert(1)'"),
    ("JavaScript://example.org/%0Aalert(1)", "'JavaScript://example.org/%0Aalert(1)'"),
    ("vbscript://example.org/", "'vbscript://example.org/'"),
    ("data://example.org/text/html,<script>", "'data://example.org/text/html,<script>'"),
    ("data:text/html,<script>alert(1)</script>", "'data:text/html,<script>alert(1)</script>'"),
    ("ftp://example.org/report.pdf", "'ftp://example.org/report.pdf'"),
    ("file:///etc/passwd", "'file:///etc/passwd'"),
    ("mailto:office@example.org", "'mailto:office@example.org'"),
    ("https//example.org", "'https//example.org'"),
    ("https:/example.org", "'https:/example.org'"),
    ("//example.org/page", "'//example.org/page'"),
    ("/practices/other/", "'/practices/other/'"),
    ("https://", "'https://'"),
    ("https:///path-without-host", "'https:///path-without-host'"),
    ("https://user:secret@example.org/", "'https://user:secret@example.org/'"),
    ("https://example.org:port/", "'https://example.org:port/'"),
    ("https://-example.org/", "'https://-example.org/'"),
    ("https://exa mple.org/", "'https://exa mple.org/'"),
    ("https://[::1", "'https://[::1'"),
    ("", "''"),
    (2019, "the number 2019"),
    (True, "the boolean true"),
    (["https://example.org"], "a list"),
])
def test_urls_refused(value: Any, found: str) -> None:
    refuses(Url(), value, URL + found)


def test_a_url_without_its_scheme_gets_a_hint() -> None:
    refuses(Url(), "www.example.org/plan",
            URL + "'www.example.org/plan'; did you mean 'https://www.example.org/plan'?")


def test_a_url_with_a_space_says_how_to_encode_it() -> None:
    refuses(Url(), "https://example.org/action plan.pdf",
            f"{AT} contains a space; encode it as %20")


# E-mail ------------------------------------------------------------------------

EMAIL = f"{AT} must be an e-mail address such as name@example.org; found "


@pytest.mark.parametrize("value", [
    "office@example.org",
    "first.last+inclusion@city.example.gov.uk",
    "o'brien@example.org",
    "x@a-b.example",
])
def test_emails_accepted(value: str) -> None:
    accepts(Email(), value, value)
    accepts(Email(), f" {value} ", value)


@pytest.mark.parametrize("value, found", [
    ("office@localhost", "'office@localhost'"),
    ("office@", "'office@'"),
    ("@example.org", "'@example.org'"),
    ("office.example.org", "'office.example.org'"),
    ("office@@example.org", "'office@@example.org'"),
    ("office@example..org", "'office@example..org'"),
    ("office@example.org.", "'office@example.org.'"),
    ("mailto:office@example.org", "'mailto:office@example.org'"),
    ("the office@example.org", "'the office@example.org'"),
    ("a@example.org, b@example.org", "'a@example.org, b@example.org'"),
    ("Office <office@example.org>", "'Office <office@example.org>'"),
    ("", "''"),
    (None, "nothing"),
])
def test_emails_refused(value: Any, found: str) -> None:
    refuses(Email(), value, EMAIL + found)


# Slug --------------------------------------------------------------------------

SLUG_MESSAGE = (f"{AT} must be a slug (a name as the hub writes it in file names and ids: "
                "lower-case letters, digits and single hyphens, e.g. 'sao-paulo'); found ")


@pytest.mark.parametrize("value", ["a", "x2", "2019", "sao-paulo", "a-b-c-1", "s" * 120])
def test_slugs_accepted(value: str) -> None:
    accepts(Slug(), value, value)


@pytest.mark.parametrize(("value", "slug"), [
    ("Sao-Paulo", "sao-paulo"), ("sao--paulo", "sao-paulo"), ("-sao", "sao"), ("sao-", "sao"),
    ("-", None), ("sao_paulo", "sao-paulo"), ("sao paulo", "sao-paulo"),
    ("são-paulo", "sao-paulo"), ("sao.paulo", "sao-paulo"), ("sao/paulo", "sao-paulo"),
    ("\uff53ao", "sao"),  # a full-width s
])
def test_slugs_refused_with_the_slug_they_meant(value: str, slug: str | None) -> None:
    hint = f"; did you mean '{slug}'?" if slug else ""
    refuses(Slug(), value, f"{SLUG_MESSAGE}'{value}'{hint}")


def test_a_slug_written_as_a_number_should_be_quoted() -> None:
    refuses(Slug(), 2019, f'{SLUG_MESSAGE}the number 2019: put it in quotes, "2019"')


def test_the_published_slug_pattern_is_the_checked_one() -> None:
    assert Slug().json_schema()["pattern"] == f"^{SLUG.pattern}$"


# Country -----------------------------------------------------------------------

COUNTRY = f"{AT} must be an ISO 3166-1 alpha-2 country code such as 'FR'; found "


@pytest.mark.parametrize("value", ["FR", "NO", "GB", "BR", "CI", "PS"])
def test_countries_accepted(value: str) -> None:
    accepts(Country(), value, value)


@pytest.mark.parametrize("value, found", [
    ("fr", "'fr'; did you mean 'FR' (France)?"),
    ("Fr", "'Fr'; did you mean 'FR' (France)?"),
    ("FRA", "'FRA'; did you mean 'FR' (France)?"),
    ("Norway", "'Norway'; did you mean 'NO' (Norway)?"),
    ("XX", "'XX'"),
    ("UK", "'UK'"),
    ("EU", "'EU'"),
    ("F", "'F'"),
    (" FR", "' FR'; did you mean 'FR' (France)?"),
    ("", "''"),
    (False, "the boolean false"),
    (33, "the number 33"),
])
def test_countries_refused(value: Any, found: str) -> None:
    refuses(Country(), value, COUNTRY + found)


# Dates and years ---------------------------------------------------------------

DATE = f"{AT} must be a date written YYYY-MM-DD, e.g. 2018-12-10; found "


@pytest.mark.parametrize("value, date", [
    ("2018-12-10", dt.date(2018, 12, 10)),
    ("2024-02-29", dt.date(2024, 2, 29)),
    ("2000-01-01", dt.date(2000, 1, 1)),
    ("1999-12-31", dt.date(1999, 12, 31)),
])
def test_dates_accepted(value: str, date: dt.date) -> None:
    accepts(Date(), value, date)


@pytest.mark.parametrize("value, found", [
    ("2018-1-5", "'2018-1-5'"),
    ("18-12-10", "'18-12-10'"),
    ("10/12/2018", "'10/12/2018'"),
    ("2018/12/10", "'2018/12/10'"),
    ("10 December 2018", "'10 December 2018'"),
    ("2018-12-10T10:00", "'2018-12-10T10:00'"),
    ("2018-12-10 ", "'2018-12-10 '"),
    ("2018-12", "'2018-12'"),
    (2018, "the number 2018"),
    (None, "nothing"),
])
def test_dates_refused(value: Any, found: str) -> None:
    refuses(Date(), value, DATE + found)


@pytest.mark.parametrize("value", ["2023-02-29", "2018-13-01", "2018-00-10", "2018-04-31",
                                   "2018-12-00"])
def test_dates_that_do_not_exist_are_refused(value: str) -> None:
    refuses(Date(), value, f"{AT} is not a real date: {value} does not exist")


YEAR = practices.YEAR


@pytest.mark.parametrize("value", [1900, 1968, 2019, 2100])
def test_years_accepted(value: int) -> None:
    accepts(YEAR, value, value)


@pytest.mark.parametrize("value, message", [
    (1899, f"{AT} must be between 1900 and 2100; found 1899"),
    (2101, f"{AT} must be between 1900 and 2100; found 2101"),
    (19, f"{AT} must be between 1900 and 2100; found 19"),
    ("2019", f"{AT} must be a year such as 2019; found '2019'"),
    (2019.0, f"{AT} must be a year such as 2019; found the number 2019.0"),
    (2019.5, f"{AT} must be a year such as 2019; found the number 2019.5"),
    (True, f"{AT} must be a year such as 2019; found the boolean true"),
    ("2019-2020", f"{AT} must be a year such as 2019; found '2019-2020'"),
])
def test_years_refused(value: Any, message: str) -> None:
    refuses(YEAR, value, message)


# Numbers -----------------------------------------------------------------------

SDG = next(field.type.item for key, field in practices.SCHEMA.fields.items() if key == "sdgs")
LOCATION = cities.SCHEMA.fields["location"].type.fields  # type: ignore[attr-defined]
LATITUDE, LONGITUDE = LOCATION["lat"].type, LOCATION["lon"].type
POPULATION = cities.SCHEMA.fields["population"].type


@pytest.mark.parametrize("value_type, value", [
    (SDG, 1), (SDG, 17), (LATITUDE, -90), (LATITUDE, 90), (LATITUDE, 0), (LONGITUDE, -180),
    (LONGITUDE, 180), (POPULATION, 1), (POPULATION, 37_000_000),
])
def test_numbers_accepted(value_type: Type, value: int) -> None:
    result, messages = check(value_type, value)
    assert messages == [] and result == value


def test_coordinates_keep_their_decimals() -> None:
    accepts(LATITUDE, 48.692, 48.692)
    accepts(LONGITUDE, -46.63, -46.63)


@pytest.mark.parametrize("value_type, value, message", [
    (SDG, 0, f"{AT} must be between 1 and 17; found 0"),
    (SDG, 18, f"{AT} must be between 1 and 17; found 18"),
    (SDG, True, f"{AT} must be an SDG number from 1 to 17; found the boolean true"),
    (SDG, "10", f"{AT} must be an SDG number from 1 to 17; found '10'"),
    (SDG, 10.0, f"{AT} must be an SDG number from 1 to 17; found the number 10.0"),
    (LATITUDE, 90.01, f"{AT} must be between -90 and 90; found 90.01"),
    (LATITUDE, -91, f"{AT} must be between -90 and 90; found -91"),
    (LONGITUDE, 180.5, f"{AT} must be between -180 and 180; found 180.5"),
    (LATITUDE, True, f"{AT} must be a number; found the boolean true"),
    (LATITUDE, "48.69", f"{AT} must be a number; found '48.69'"),
    (POPULATION, 0, f"{AT} must be at least 1; found 0"),
    (POPULATION, -5, f"{AT} must be at least 1; found -5"),
    (POPULATION, "100,000", f"{AT} must be a whole number; found '100,000'"),
    (POPULATION, 1.5, f"{AT} must be a whole number; found the number 1.5"),
])
def test_numbers_refused(value_type: Type, value: Any, message: str) -> None:
    refuses(value_type, value, message)


def test_an_integer_without_bounds_takes_any_whole_number() -> None:
    accepts(Integer(), -3, -3)
    accepts(Number(0, 1), 1, 1.0)


# Booleans, choices, text and lists ---------------------------------------------

@pytest.mark.parametrize("value", [True, False])
def test_booleans_accepted(value: bool) -> None:
    accepts(Boolean(), value, value)


@pytest.mark.parametrize("value, found", [
    ("true", "'true'"), ("yes", "'yes'"), ("on", "'on'"), (1, "the number 1"), (None, "nothing"),
])
def test_booleans_refused(value: Any, found: str) -> None:
    refuses(Boolean(), value, f"{AT} must be true or false; found {found}")


STATUS = practices.SCHEMA.fields["status"].type


@pytest.mark.parametrize("value", practices.STATUSES)
def test_statuses_accepted(value: str) -> None:
    accepts(STATUS, value, value)


@pytest.mark.parametrize("value, hint", [
    ("on-going", "; did you mean 'ongoing'?"),
    ("Ongoing", "; did you mean 'ongoing'?"),
    ("ONGOING", "; did you mean 'ongoing'?"),
    ("piloting", "; did you mean 'pilot'?"),
    ("complete", "; did you mean 'completed'?"),
    ("stopped", ""),
])
def test_statuses_refused_with_the_closest_choice(value: str, hint: str) -> None:
    refuses(STATUS, value, f"{AT} must be one of planned, pilot, ongoing, completed; "
                           f"found '{value}'{hint}")


def test_a_choice_is_never_matched_loosely() -> None:
    refuses(Choice("a", "b"), ["a"], f"{AT} must be one of a, b; found a list")
    refuses(Choice("a", "b"), " a", f"{AT} must be one of a, b; found ' a'; did you mean 'a'?")


@pytest.mark.parametrize("value, expected", [
    ("Fair Let", "Fair Let"), ("  padded  ", "padded"), ("é" * 10, "é" * 10),
    ("x" * 10, "x" * 10), ("\tTab\n", "Tab"),
])
def test_text_accepted(value: str, expected: str) -> None:
    accepts(Text(max_length=10), value, expected)


@pytest.mark.parametrize("value, message", [
    ("x" * 11, f"{AT} is 11 characters long; at most 10 are allowed: shorten it"),
    ("", f"{AT} is empty; write text"),
    ("   \n", f"{AT} is empty; write text"),
    (2030, f'{AT} must be text; found the number 2030: put it in quotes, "2030"'),
    (1.5, f'{AT} must be text; found the number 1.5: put it in quotes, "1.5"'),
    (False, f"{AT} must be text; found the boolean false"),
    ({"a": 1}, f"{AT} must be text; found a mapping (key: value pairs)"),
])
def test_text_refused(value: Any, message: str) -> None:
    refuses(Text(max_length=10), value, message)


def test_lists_keep_their_valid_items_and_name_the_rest() -> None:
    result, messages = check(ListOf(Slug(), min_items=1), ["housing", "Bad Slug", "housing"])
    assert result == ["housing", "housing"]
    assert sorted(messages) == [f"{AT} lists 'housing' twice",
                                "item 2 (field) must be a slug (a name as the hub writes it in "
                                "file names and ids: lower-case letters, digits and single "
                                "hyphens, e.g. 'sao-paulo'); found 'Bad Slug'; did you mean "
                                "'bad-slug'?"]


@pytest.mark.parametrize("value, message", [
    ([], f"{AT} needs at least 1 item"),
    ("housing", f"{AT} must be a list; found 'housing': write it as a list, [housing], or one "
                "'- item' per line"),
    ({"housing": None}, f"{AT} must be a list; found a mapping (key: value pairs)"),
])
def test_lists_refused(value: Any, message: str) -> None:
    refuses(ListOf(Slug(), min_items=1), value, message)


# Slugs made from names ---------------------------------------------------------

@pytest.mark.parametrize("name, slug", [
    ("São Paulo", "sao-paulo"),
    ("Reykjavík", "reykjavik"),
    ("Zürich: Colonial traces", "zurich-colonial-traces"),
    ("Łódź", "lodz"),
    ("ŁÓDŹ", "lodz"),
    ("Øresund", "oresund"),
    ("Tromsø", "tromso"),
    ("Đakovo", "dakovo"),
    ("Niđ", "nid"),
    ("Ðurđevac", "durdevac"),
    ("Ħamrun", "hamrun"),
    ("Għajnsielem", "ghajnsielem"),
    ("D\u0131yarbak\u0131r", "diyarbakir"),  # with the dotless i
    ("Straße", "strasse"),
    ("Ærø", "aero"),
    ("Sæby", "saeby"),
    ("Œuvre", "oeuvre"),
    ("Cœur", "coeur"),
    ("Þingvellir", "thingvellir"),
    ("Hafnarfjörður þing", "hafnarfjordur-thing"),
    ("  --Anti-rumour   strategy!-- ", "anti-rumour-strategy"),
    ("Plan 2030 (phase 2)", "plan-2030-phase-2"),
    ("東京", "dongjing"),  # transliterated, as anyascii writes it
])
def test_slugs_are_made_from_names_letter_by_letter(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert slug == "" or Slug().check(slug, (), Checker(Document("x.md"), Problems())) == slug


def test_every_letter_of_latin_1_gives_a_slug() -> None:
    """Letters with accents and the others (ø, ð, ß, æ, þ...) are transliterated
    (anyascii): none may vanish from a slug."""
    letters = [chr(c) for c in range(0xC0, 0x100) if chr(c).isalpha()]
    assert len(letters) == 62
    assert [letter for letter in letters if not slugify(letter)] == []
    assert all(slugify(letter) == slugify(letter.upper()) for letter in letters)
