"""In a real browser: reordering the agenda with htmx, without a page reload."""

import pytest

from tests.browser import submit
from tests.factories.accounts import PASSWORD, TOTPDeviceFactory, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_moves_an_item_up_without_reloading_the_page(page, browser_login, secretary, ec_meeting):
    from meetings import services

    services.item_add(meeting=ec_meeting, title="Campaign plan", minutes_allowed=30)
    device = TOTPDeviceFactory(user=secretary.user)
    browser_login(secretary.email, PASSWORD)
    page.get_by_label("Code").fill(totp_code(device))
    submit(page, page.get_by_role("button", name="Continue"))
    page.goto(f"/meetings/{ec_meeting.pk}/")
    page.evaluate("window.notReloaded = true")
    rows = page.locator("#agenda tbody th[scope=row]")
    assert rows.nth(4).inner_text().startswith("Campaign plan")

    page.get_by_role("button", name="move “Campaign plan” up").click()
    page.wait_for_selector("#agenda[data-swapped='1']")

    assert page.locator("#agenda tbody th[scope=row]").nth(3).inner_text().startswith("Campaign plan")
    assert page.evaluate("window.notReloaded") is True
    assert list(ec_meeting.items.order_by("order").values_list("title", flat=True))[3] == "Campaign plan"
