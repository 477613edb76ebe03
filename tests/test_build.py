"""The generated site: a page for every content file, every cross-link working."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cityhub.site.pages import repository_files
from conftest import build_site, make_site
from sitecheck import broken_links, external_requests, pages_of

ReadPage = Callable[[str], str]
MKDOCS = Path(sys.executable).with_name("mkdocs")


def links_in(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_every_content_file_has_its_page(built_site: Path) -> None:
    for url in ("practices/fair-letting/", "practices/school-mentors/",
                "practices/housing-advice/", "cities/exampleton/", "cities/sao-exemplo/",
                "cities/norby/", "pledges/test-charter/", "pledges/test-declaration/",
                "themes/housing/", "networks/eccar/", "countries/gb/", "countries/no/",
                "sdgs/10/", "practices/", "cities/", "pledges/", "themes/", "networks/",
                "countries/", "sdgs/", ""):
        assert (built_site / url / "index.html").is_file(), url


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    assert broken_links(built_site) == []


def test_a_practice_links_its_city_themes_and_commitments(read_page: ReadPage) -> None:
    html = read_page("practices/fair-letting/")
    links = links_in(html)
    assert "../../cities/exampleton/" in links
    assert "../../cities/norby/" in links
    assert "../../countries/gb/" in links
    assert {"../../themes/housing/", "../../themes/anti-racism/"} <= set(links)
    assert "../../pledges/test-charter/#fair-housing" in links
    assert "../../pledges/test-charter/#vigilance" in links
    assert {"../../sdgs/10/", "../../sdgs/11/"} <= set(links)
    assert '<a href="https://example.org/fair-letting" rel="noopener"' in html
    assert "Exampleton Tenants&#39; Union" in html
    assert "Letting agents trained." in html
    assert "mailto:letting@example.org" in html
    assert "<h2 id=\"context\">Context" in html


def test_related_practices_share_a_theme_or_commitment(read_page: ReadPage) -> None:
    related = read_page("practices/fair-letting/").split('id="hub-related"')[1]
    related = related.split("</ul>")[0]
    assert 'href="../../practices/housing-advice/"' in related  # shares the theme housing
    assert 'href="../../practices/school-mentors/"' not in related  # shares nothing
    assert 'href="../../practices/fair-letting/"' not in related  # never itself


def test_a_city_lists_its_pledges_and_practices(read_page: ReadPage) -> None:
    html = read_page("cities/exampleton/")
    pledges = html.split('id="hub-pledges"')[1].split('id="hub-practices"')[0]
    assert '<a href="../../pledges/test-charter/">Test Charter of Inclusive Towns</a>' in pledges
    assert "10 December 2004" in pledges and "Mayor A. Example" in pledges
    assert '<a href="../../pledges/test-declaration/">' in pledges
    practices = html.split('id="hub-practices"')[1]
    assert 'data-practice="fair-letting"' in practices
    assert 'data-practice="housing-advice"' in practices
    assert "100,000" in html
    norby = read_page("cities/norby/")
    assert "Norway" in norby
    assert "also a partner in" in norby and "../../practices/fair-letting/" in norby


def test_a_pledge_lists_practices_under_each_commitment(read_page: ReadPage) -> None:
    html = read_page("pledges/test-charter/")
    sections = re.split(r'<h3 id="', html)[1:]
    by_id = {s.split('"')[0]: s for s in sections}
    assert set(by_id) == {"vigilance", "fair-housing", "education"}
    assert "../../practices/fair-letting/" in by_id["fair-housing"]
    assert "../../practices/school-mentors/" not in by_id["fair-housing"]
    education = by_id["education"].split('id="pledge-signatories"')[0]
    assert "../../practices/school-mentors/" in education
    assert "Fight discrimination in the letting and sale of housing." in by_id["fair-housing"]
    assert "../../practices/fair-letting/" in by_id["vigilance"]


def test_a_pledge_lists_its_signatories_from_the_cities(read_page: ReadPage) -> None:
    html = read_page("pledges/test-declaration/")
    signatories = html.split('id="pledge-signatories"')[1].split('id="pledge-chairs"')[0]
    assert "../../cities/exampleton/" in signatories
    assert "../../cities/sao-exemplo/" in signatories
    assert "Secretary B. Exemplo" in signatories
    assert "../../cities/norby/" not in signatories
    assert "No city in the hub records signing this pledge yet." not in signatories


def test_a_pledge_lists_chairs_apart_from_its_signatories(read_page: ReadPage) -> None:
    html = read_page("pledges/test-declaration/")
    assert html.index('id="pledge-signatories"') < html.index('id="pledge-chairs"')
    chairs = html.split('id="pledge-chairs"')[1]
    assert chairs.split("</h2>")[0].startswith(">Chair<")
    assert "../../cities/norby/" in chairs and "Mayor C. Norby" in chairs
    assert "../../cities/exampleton/" not in chairs
    header = html.split('id="pledge-commitments"')[0]
    assert '<a href="#pledge-signatories">2 signatories</a>' in header
    assert '<a href="#pledge-chairs">1 chair</a>' in header
    assert "1 chair in the hub" in read_page("pledges/")


def test_a_city_page_says_what_part_it_took_in_each_pledge(read_page: ReadPage) -> None:
    norby = read_page("cities/norby/").split('id="hub-pledges"')[1]
    assert "Chair of <a href=\"../../pledges/test-declaration/\">" in norby
    assert "Mayor C. Norby" in norby and "Signed" not in norby
    exampleton = read_page("cities/exampleton/").split('id="hub-pledges"')[1]
    assert ("Signed <a href=\"../../pledges/test-charter/\">Test Charter of Inclusive Towns</a>"
            " on 10 December 2004") in exampleton


def test_people_who_signed_for_an_organisation_come_under_the_signatories(
    read_page: ReadPage,
) -> None:
    html = read_page("pledges/test-charter/")
    assert html.index('id="pledge-signatories"') < html.index('id="pledge-other-signatories"')
    also = html.split('id="pledge-other-signatories"')[1]
    assert html.split('id="pledge-other-signatories"')[1].startswith(">Also signed by<")
    assert "D. Network, President, Example Coalition of Towns" in also
    assert "../../cities/" not in also.split("</ul>")[0]
    assert '<a href="#pledge-other-signatories">1 person</a>' in html


def test_a_note_on_the_wording_stays_outside_the_commitment(read_page: ReadPage) -> None:
    html = read_page("pledges/test-charter/")
    education = html.split('<h3 id="education"')[1].split('id="pledge-signatories"')[0]
    quote = education.split("</blockquote>")[0]
    assert "Challenge racism through education." in quote
    assert "second edition" not in quote
    note = education.split("</blockquote>")[1]
    assert 'class="hub-commitment-note"' in note
    assert "The charter&#39;s second edition shortens this point." in note


NO_PRACTICE = "No practice in the hub puts this commitment into action yet."
NO_SIGNATORY = "No city in the hub records signing this pledge yet."


def test_a_commitment_without_practices_and_a_pledge_without_signatories_say_so(
        read_page: ReadPage, site_root: Path) -> None:
    for pledge in ("test-declaration", "test-charter"):
        assert NO_PRACTICE not in read_page(f"pledges/{pledge}/")
        assert NO_SIGNATORY not in read_page(f"pledges/{pledge}/")
    (site_root / "practices" / "school-mentors.md").unlink()
    city = site_root / "cities" / "exampleton.md"
    city.write_text(re.sub(r"  - pledge: test-charter\n(    .*\n)*", "", city.read_text()))
    rebuilt = build_site(site_root)
    declaration = (rebuilt / "pledges" / "test-declaration" / "index.html").read_text()
    empty = declaration.split('<h3 id="share"')[1].split('id="pledge-signatories"')[0]
    assert NO_PRACTICE in empty and "../../practices/" not in empty
    assert NO_SIGNATORY not in declaration
    charter = (rebuilt / "pledges" / "test-charter" / "index.html").read_text()
    empty = charter.split('id="pledge-signatories"')[1]
    assert NO_SIGNATORY in empty and "../../cities/" not in empty.split("</article>")[0]
    assert NO_PRACTICE in charter.split('<h3 id="education"')[1]
    assert NO_PRACTICE not in charter.split('<h3 id="fair-housing"')[1].split("<h3")[0]


def test_listings_show_counts(read_page: ReadPage) -> None:
    assert "3 practices from 2 cities." in read_page("practices/")
    assert "3 cities in 3 countries." in read_page("cities/")
    assert "2 practices on this theme." in read_page("themes/housing/")
    home = read_page("")
    assert "<strong>3</strong> practices" in home and "<strong>2</strong> pledges" in home
    assert home.index("School Mentors") < home.index("Housing Advice Desk")  # newest first


def test_drafts_are_left_out_of_the_build(built_site: Path) -> None:
    assert not (built_site / "practices" / "unfinished").exists()
    for page in built_site.rglob("*.html"):
        assert "unfinished" not in page.read_text(), page
    assert "unfinished" not in (built_site / "search" / "search_index.json").read_text()


def test_drafts_show_in_the_preview_with_a_banner(previewed_site: Path) -> None:
    html = (previewed_site / "practices" / "unfinished" / "index.html").read_text()
    assert "hub-draft" in html and "draft: true" in html
    assert 'data-practice="unfinished"' in (previewed_site / "practices" / "index.html").read_text()


def test_navigation_never_lists_practices(read_page: ReadPage) -> None:
    html = read_page("practices/school-mentors/")
    navigation = html.split('<nav class="md-nav md-nav--primary')[1].split('aria-label="Table')[0]
    assert "fair-letting" not in navigation and "school-mentors" not in navigation
    assert "Practices" in navigation


def test_nothing_is_written_into_docs(site_root: Path) -> None:
    before = sorted(p.relative_to(site_root).as_posix() for p in (site_root / "docs").rglob("*"))
    build_site(site_root)
    after = sorted(p.relative_to(site_root).as_posix() for p in (site_root / "docs").rglob("*"))
    assert before == after


def test_front_matter_text_is_escaped_in_pages(site_root: Path) -> None:
    practice = site_root / "practices" / "housing-advice.md"
    hostile = json.dumps("Advice </title><script>alert(1)</script> & \"><b>help</b>")
    text = re.sub(r"(?m)^title: .*$", f"title: {hostile}", practice.read_text())
    practice.write_text(re.sub(r"(?m)^summary: .*$", f"summary: {hostile}", text))
    site = build_site(site_root)
    for url in ("practices/housing-advice/", "practices/", "cities/exampleton/",
                "themes/housing/"):
        html = (site / url / "index.html").read_text()
        assert "<script>alert(1)</script>" not in html, url
        assert "<b>help</b>" not in html, url
        assert "Advice &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in html, url
    page = (site / "practices" / "housing-advice" / "index.html").read_text()
    assert "<title>Advice &lt;/title&gt;" in page
    assert '<meta name="description" content="Advice &lt;/title&gt;' in page


def test_the_build_fails_with_every_problem_named(site_root: Path) -> None:
    practice = site_root / "practices" / "housing-advice.md"
    practice.write_text(practice.read_text().replace("city: exampleton", "city: exampletown"))
    city = site_root / "cities" / "norby.md"
    city.write_text(city.read_text().replace("country: NO", "country: Norway"))
    result = subprocess.run([str(MKDOCS), "build", "--strict"], cwd=site_root,
                            capture_output=True, text=True)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert ("cities/norby.md:3: error: 'country' must be an ISO 3166-1 alpha-2 country code "
            "such as 'FR'; found 'Norway'; did you mean 'NO' (Norway)?") in output
    assert ("practices/housing-advice.md:3: error: unknown city 'exampletown'; "
            "did you mean 'exampleton'?") in output
    assert "2 content problems" in output
    assert "Traceback" not in output


def test_the_preview_shows_broken_files_and_keeps_the_rest(site_root: Path) -> None:
    practice = site_root / "practices" / "housing-advice.md"
    practice.write_text(practice.read_text().replace("status: pilot", "status: piloting"))
    city = site_root / "cities" / "sao-exemplo.md"
    city.write_text(city.read_text().replace("lat: -23.55", "lat: -123.55"))
    site = build_site(site_root, command="serve")
    broken = (site / "practices" / "housing-advice" / "index.html").read_text()
    assert "This page cannot be published yet" in broken
    assert "practices/housing-advice.md:6: error: &#39;status&#39; must be one of" in broken
    orphan = (site / "practices" / "school-mentors" / "index.html").read_text()
    assert "cities/sao-exemplo.md has errors" in orphan
    assert 'data-practice="fair-letting"' in (site / "practices" / "index.html").read_text()
    assert "housing-advice" not in (site / "practices" / "index.html").read_text()


def test_the_site_makes_no_third_party_request(built_site: Path) -> None:
    assert external_requests(built_site) == []
    for page in built_site.rglob("*.html"):
        assert "fonts.googleapis" not in page.read_text(), page


def test_the_hubs_own_content_builds_with_working_links(hubs_own_site: Path) -> None:
    pages = pages_of(hubs_own_site)  # read once for the three checks
    assert len(pages) > 50
    assert broken_links(hubs_own_site, pages) == []
    assert external_requests(hubs_own_site, pages) == []


@pytest.fixture(scope="module")
def built_with_a_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built with the address of its repository (REPO_URL)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPO_URL", "https://github.com/example/hub")
        return build_site(make_site(tmp_path_factory.mktemp("repository") / "repo"))


def test_edit_links_open_the_source_file_in_the_repository(built_with_a_repository: Path) -> None:
    site = built_with_a_repository
    edit = "https://github.com/example/hub/edit/main/"
    for url, source in (("practices/fair-letting/", "practices/fair-letting.md"),
                        ("cities/exampleton/", "cities/exampleton.md"),
                        ("pledges/test-charter/", "pledges/test-charter.md"),
                        ("about/", "docs/about.md")):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        assert f'href="{edit}{source}"' in html, url
    listing = (site / "practices" / "index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in listing  # generated from many files: nothing to edit


def test_a_reviewed_practice_links_its_review_record_in_the_repository(
    built_with_a_repository: Path
) -> None:
    html = (built_with_a_repository / "practices" / "fair-letting" / "index.html").read_text()
    dates = html.split('class="hub-muted hub-dates"')[1].split("</p>")[0]
    assert "reviewed by an editor on 1 February 2026: <a" in dates
    assert 'href="https://github.com/example/hub/blob/main/reviews/fair-letting.yml"' in dates
    assert "see how each fact was checked" in dates


def test_without_a_repository_the_review_date_stands_alone(read_page: ReadPage) -> None:
    dates = read_page("practices/fair-letting/").split('class="hub-muted hub-dates"')[1]
    assert "reviewed by an editor on 1 February 2026.</p>" in dates
    assert "reviews/fair-letting.yml" not in dates
    assert "not yet reviewed by an editor." in read_page("practices/housing-advice/")


def test_repository_links_follow_the_branch_of_the_edit_links() -> None:
    assert repository_files("https://github.com/o/r/", "edit/develop/") == (
        "https://github.com/o/r/blob/develop/")
    assert repository_files("https://github.com/o/r", "") == "https://github.com/o/r/blob/main/"
    assert repository_files("", "edit/main/") is None


def test_without_a_repository_there_is_no_edit_link(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        assert 'rel="edit"' not in page.read_text(encoding="utf-8"), page


def test_a_term_page_shows_the_newest_and_sends_to_explore_for_all(
    site_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cityhub.site.render.TERM_PAGE_LIMIT", 1)
    site = build_site(site_root)
    html = (site / "themes" / "housing" / "index.html").read_text(encoding="utf-8")
    # housing-advice (submitted 2026-02-10) is newer than fair-letting (2026-01-15)
    assert re.findall(r'data-practice="([^"]+)"', html) == ["housing-advice"]
    assert 'href="../../practices/?theme=housing">See all 2 on the explore page' in html


def test_target_groups_have_pages_linked_from_practices_and_the_explore_facet(
        read_page: Callable[[str], str]) -> None:
    practice = read_page("practices/school-mentors/")
    assert 'href="../../target-groups/youth/">Youth</a>' in practice
    group = read_page("target-groups/youth/")
    assert 'href="../../practices/school-mentors/"' in group
    assert 'href="../../practices/?group=youth"' in group
    assert 'href="../target-groups/">About each target group</a>' in read_page("practices/")


def test_the_hubs_own_assets_are_named_by_their_content(built_site: Path) -> None:
    """Hosts may cache them for good: a changed file gets a new name."""
    names = {p.name for p in (built_site / "assets").iterdir()}
    for stem, extension in (("hub", "css"), ("messages", "js"), ("explore", "js"),
                            ("submit", "js"), ("submit", "css"), ("world", "svg")):
        assert f"{stem}.{extension}" not in names
        assert any(re.fullmatch(rf"{stem}\.[0-9a-f]{{10}}\.{extension}", n) for n in names), stem
    for url in ("", "practices/", "submit/", "cities/"):
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        for linked in re.findall(r'(?:href|src)="((?:\.\./)*assets/[^"]+)"', html):
            assert (built_site / url / linked).resolve().is_file(), (url, linked)
        assert ("assets/explore." in html) == (url == "practices/"), url  # only where it works
