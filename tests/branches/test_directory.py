"""The constituency directory: officers only, and each person's choice of what it shows."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from branches import exports
from branches.models import DirectoryChoice
from officers.models import Post
from tests.conftest import holder
from tests.factories.branches import AffiliateDelegateFactory, AffiliateFactory, DirectoryChoiceFactory
from tests.factories.officers import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(secretary, treasurer, former_treasurer, branch_secretary_a, branch_secretary_b, ec_member, member):
    """A CLP whose treasurer hides their phone and shows their address, and a Co-op delegate."""
    treasurer.phone, treasurer.address, treasurer.postcode = (
        "07700 900123",
        "1 Counting House Lane",
        "AB1 2CD",
    )
    treasurer.save()
    DirectoryChoiceFactory(person=treasurer, show_email=True, show_phone=False, show_address=True)
    branch_secretary_b.phone = "07700 900456"
    branch_secretary_b.save()
    DirectoryChoiceFactory(person=branch_secretary_b, show_email=False, show_phone=True, show_address=False)
    coop = AffiliateFactory(name="Northtown Co-operative Party", kind="coop_party")
    delegate = AffiliateDelegateFactory(
        affiliate=coop,
        person__first_name="Carla",
        person__last_name="Cooper",
        person__email="carla@coop.example",
    )
    return {"treasurer": treasurer, "bsb": branch_secretary_b, "member": member, "delegate": delegate.person}


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_holds_the_officers_and_delegates_and_no_one_else(people, former_treasurer, member):
    filename, content_type, content = exports.directory_csv()
    assert (
        filename.startswith("directory-")
        and filename.endswith(".csv")
        and content_type == "text/csv; charset=utf-8"
    )
    rows = csv_rows(content)
    names = {row["Name"] for row in rows}
    assert {
        "Sam Secretary",
        "Tess Treasurer",
        "Alice Alpha",
        "Bob Beta",
        "Dee Delegate",
        "Carla Cooper",
    } <= names
    assert "Fred Former" not in names and "Maya Member" not in names
    by_name = {row["Name"]: row for row in rows}
    assert by_name["Carla Cooper"]["Section"] == "Affiliated delegates"
    assert by_name["Carla Cooper"]["Branch or organisation"] == "Northtown Co-operative Party"
    assert by_name["Alice Alpha"]["Section"] == "Branch officers"
    assert by_name["Alice Alpha"]["Branch or organisation"] == "Alpha Branch"
    assert by_name["Dee Delegate"]["Section"] == "Executive Committee"
    assert by_name["Sam Secretary"]["Role"] == "Secretary (EC)"


def test_the_csv_honours_each_persons_choice(people):
    by_name = {row["Name"]: row for row in csv_rows(exports.directory_csv()[2])}
    tess, bob = by_name["Tess Treasurer"], by_name["Bob Beta"]
    assert tess["Email"] == people["treasurer"].email
    assert tess["Phone"] == "" and tess["Address"] == "1 Counting House Lane, AB1 2CD"
    assert bob["Email"] == "" and bob["Phone"] == "07700 900456"
    alice = by_name["Alice Alpha"]  # no choice made: email and phone, never the address
    assert alice["Email"] and alice["Phone"] and alice["Address"] == ""


def test_the_pdf_holds_the_right_people_and_honours_each_persons_choice(people):
    filename, content_type, content = exports.directory_pdf()
    assert content_type == "application/pdf" and filename.endswith(".pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    for name in (
        "Sam Secretary",
        "Tess Treasurer",
        "Alice Alpha",
        "Bob Beta",
        "Dee Delegate",
        "Carla Cooper",
    ):
        assert name in text
    assert "Fred Former" not in text and "Maya Member" not in text
    assert "1 Counting House Lane" in text
    assert "07700 900123" not in text  # the Treasurer hid their phone
    assert people["bsb"].email not in text and "07700 900456" in text
    assert "Northtown Co-operative Party" in text and "Constituency directory" in text


def test_the_directory_searches_by_name_post_branch_or_organisation(client_for, people, secretary):
    client = client_for(secretary)
    html = client.get(reverse("branches:directory"), {"q": "co-operative"}).content.decode()
    assert "Carla Cooper" in html and "Tess Treasurer" not in html
    html = client.get(
        reverse("branches:directory"), {"q": "beta"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Bob Beta" in html and "Alice Alpha" not in html and "<html" not in html  # a fragment for htmx
    rows = csv_rows(client.get(reverse("branches:directory_csv"), {"q": "alpha"}).content)
    assert {row["Name"] for row in rows} == {"Alice Alpha"}


def test_the_directory_page_takes_a_fixed_number_of_queries(
    client_for, people, secretary, django_assert_max_num_queries
):
    for _ in range(5):
        AffiliateDelegateFactory(affiliate=AffiliateFactory())
    client = client_for(secretary)
    # 6 for every page: session, user, the verified two-factor device, person, terms (access),
    # the unread count (navigation).
    # Then every current term with post, branch, person and choice; every current affiliate
    # delegate with organisation, person and choice.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("branches:directory")).status_code == 200


def test_the_management_command_writes_either_format(people, tmp_path):
    call_command("directory", "--format", "csv", "--output", str(tmp_path / "d.csv"))
    assert "Carla Cooper" in (tmp_path / "d.csv").read_text(encoding="utf-8-sig")
    call_command("directory", "--format", "pdf", "--output", str(tmp_path / "d.pdf"))
    assert (tmp_path / "d.pdf").read_bytes().startswith(b"%PDF")


def test_a_person_chooses_what_the_directory_shows(client_for, secretary):
    client = client_for(secretary)
    page = client.get(reverse("branches:directory_choice")).content.decode()
    assert "checked" in page  # the defaults: email and phone shown
    assert f"My email address: {secretary.email}" in page  # what they are choosing about
    response = client.post(reverse("branches:directory_choice"), {"show_email": "on"}, follow=True)
    assert "Saved" in response.content.decode()
    choice = DirectoryChoice.objects.get(person=secretary)
    assert (choice.show_email, choice.show_phone, choice.show_address) == (True, False, False)
    row = next(r for r in csv_rows(exports.directory_csv()[2]) if r["Name"] == "Sam Secretary")
    assert row["Phone"] == ""


def test_a_plain_member_and_a_former_officer_cannot_open_the_directory(client_for, member, former_treasurer):
    for person in (member, former_treasurer):
        client = client_for(person)
        for name in ("directory", "directory_csv", "directory_pdf"):
            assert client.get(reverse(f"branches:{name}")).status_code == 403


def test_a_branchs_delegate_to_the_ec_is_listed_with_the_ec(branch_a):
    post = PostFactory(
        scope=Post.Scope.BRANCH,
        branch=branch_a,
        kind=Post.Kind.DELEGATE,
        role=Post.Role.EC_DELEGATE,
        ec_membership=Post.EC.VOTING,
        name="EC delegate",
    )
    holder(post, first_name="Esme", last_name="Ellis")
    row = next(r for r in csv_rows(exports.directory_csv()[2]) if r["Name"] == "Esme Ellis")
    assert (row["Section"], row["Branch or organisation"], row["Role"]) == (
        "Executive Committee",
        "Alpha Branch",
        "EC delegate",
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_the_csv_never_hands_a_spreadsheet_a_formula(start):
    AffiliateDelegateFactory(
        affiliate=AffiliateFactory(name=f'{start}HYPERLINK("http://evil.example")'),
        person__last_name="Injected",
    )
    row = next(r for r in csv_rows(exports.directory_csv()[2]) if r["Name"].endswith("Injected"))
    assert row["Branch or organisation"] == f'\'{start}HYPERLINK("http://evil.example")'


def _names(html):
    """The names the page lists, in order (each listing's name is its row's header cell)."""
    return re.findall(r'<th scope="row">([^<]+)</th>', html)


def test_the_directory_comes_a_page_at_a_time_and_every_entry_is_on_one_page(
    client_for, people, secretary, branch_secretary_a, monkeypatch
):
    from branches import selectors

    monkeypatch.setattr(selectors, "DIRECTORY_PAGE", 2)
    for n in range(3):  # one branch's officers run over a page
        holder(PostFactory(scope=Post.Scope.BRANCH, branch=branch_secretary_a.branch, name=f"Post {n}"))
    everyone = [item.name for item in selectors.directory()]
    client = client_for(secretary)
    url = reverse("branches:directory")
    pages = [client.get(url, {"page": n}).content.decode() for n in range(1, len(everyone) // 2 + 2)]
    assert [name for html in pages for name in _names(html)] == everyone  # none lost, none twice
    assert f"Showing 1–2 of {len(everyone)} entries, a page at a time: search to narrow them" in pages[0]
    assert 'href="?page=2" rel="next"' in pages[0]
    # a page that opens inside a section (or a group) the page before began says so
    branch = branch_secretary_a.branch.name
    assert any(
        f"<h2>Branch officers (continued)</h2>\n\n<h3>{branch} (continued)</h3>" in html for html in pages
    )
    # each section and group is headed once, where it begins; on a later page, "(continued)"
    headed, last = [], None
    for n in range(1, len(pages) + 1):
        sections, page = selectors.directory_page(number=n)
        for i, (section, groups) in enumerate(sections):
            for j, (group, listings) in enumerate(groups):
                first = listings[0]
                carried = i == 0 and j == 0 and last == (first.section, first.group)
                assert section == first.section + (
                    " (continued)" if i == 0 and last and last[0] == first.section else ""
                )
                assert group == (f"{first.group} (continued)" if carried and first.group else first.group)
                if not carried:
                    headed.append((first.section, first.group))
                last = (listings[-1].section, listings[-1].group)
    assert len(headed) == len(set(headed))
    # past the end: the last page; not a number: the first
    assert _names(client.get(url, {"page": "999"}).content.decode()) == _names(pages[-1])
    assert _names(client.get(url, {"page": "x"}).content.decode()) == _names(pages[0])


def test_the_directorys_pages_keep_the_search(client_for, people, secretary, monkeypatch):
    from branches import selectors

    monkeypatch.setattr(selectors, "DIRECTORY_PAGE", 1)
    client = client_for(secretary)
    found = [item.name for item in selectors.directory(query="secretary")]
    assert len(found) >= 2
    html = client.get(reverse("branches:directory"), {"q": "secretary"}, headers={"HX-Request": "true"})
    html = html.content.decode()
    assert _names(html) == found[:1]
    assert 'href="?q=secretary&amp;page=2" rel="next"' in html
    assert f"Showing 1–1 of {len(found)} entries, a page at a time. The PDF" in html
    second = client.get(reverse("branches:directory"), {"q": "secretary", "page": 2}).content.decode()
    assert _names(second) == found[1:2]


def test_a_directory_that_fits_on_a_page_has_no_pager(client_for, people, secretary):
    html = client_for(secretary).get(reverse("branches:directory")).content.decode()
    assert "Pages of the directory" not in html and "a page at a time" not in html
    assert "Carla Cooper" in html and "Tess Treasurer" in html


def test_each_post_is_listed_in_its_section(branch_secretary_a):
    """A delegate on the EC is listed as the EC (under their branch, if any); a CLP post on the
    EC says so; a delegate or officer off the EC is listed with its CLP or branch."""
    from branches import selectors

    branch = branch_secretary_a.branch
    rows = [
        (
            PostFactory(
                name="Branch EC delegate", kind=Post.Kind.DELEGATE, scope=Post.Scope.BRANCH, branch=branch
            ),
            "Jo",
        ),
        (PostFactory(name="Women's officer", ec_membership=Post.EC.NON_VOTING), "Kit"),
        (PostFactory(name="Delegate to the LCF", kind=Post.Kind.DELEGATE, ec_membership=Post.EC.NONE), "Lee"),
        (PostFactory(name="Social secretary", in_branch=True, branch=branch), "Max"),
    ]
    for post, first_name in rows:
        holder(post, first_name=first_name, last_name="Lister")
    found = {item.name: (item.section, item.group, item.role) for item in selectors.directory()}
    assert found["Jo Lister"] == ("Executive Committee", branch.name, "Branch EC delegate")
    assert found["Kit Lister"] == ("CLP officers", "", "Women's officer (EC)")
    assert found["Lee Lister"] == ("CLP officers", "", "Delegate to the LCF")
    assert found["Max Lister"] == ("Branch officers", branch.name, "Social secretary")
