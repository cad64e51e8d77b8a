import pytest
from tests.factories.accounts import PASSWORD
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_dbg(page, member):
    held = []
    page.route("**/login/", lambda route, req: held.append(route) if req.method == "POST" else route.continue_())
    page.goto("/login/")
    page.get_by_label("Email address").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click(no_wait_after=True)
    for i in range(5):
        try:
            print(i, page.evaluate("[document.querySelector('main form').dataset.onceSending, document.querySelector('main form button').outerHTML]"))
        except Exception as e:
            print(i, "ERR", e)
    print(len(held))
