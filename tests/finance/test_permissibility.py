"""Who may give or lend, as the questions the law asks per kind of donor: no database.

The conditions are PPERA s.54(2), as the Electoral Commission's "Who can you accept
donations from" and "Impermissible or unidentifiable source" guidance puts them."""

import pytest

from finance.permissibility import judge

YES, NO = True, False
ALL_COMPANY = {"registered_companies_act": YES, "incorporated_uk": YES, "carries_on_business_uk": YES}
COMPANY_DETAILS = {"company_number": "01234567", "registered_office": "1 Street, Anytown AN1 1AA"}
VOTER = {"register": "Anytown Borough Council", "electoral_number": "AB123"}

CASES = [
    # kind, answers, details, permissible, words in the message
    ("individual", {"on_register": YES, "register_outside_uk": NO}, VOTER, True, "Permissible"),
    # An individual not on the register on the day received.
    ("individual", {"on_register": NO, "register_outside_uk": NO}, VOTER, False, "on a UK electoral"),
    # A register in Jersey or the Isle of Man is not a UK register.
    ("individual", {"on_register": YES, "register_outside_uk": YES}, VOTER, False, "Isle of Man"),
    # The electoral number is part of the evidence.
    ("individual", {"on_register": YES, "register_outside_uk": NO}, {}, False, "Electoral number"),
    ("company", ALL_COMPANY, COMPANY_DETAILS, True, "Permissible"),
    # A UK-registered company that does not trade in the UK.
    ("company", {**ALL_COMPANY, "carries_on_business_uk": NO}, COMPANY_DETAILS, False, "business in the UK"),
    # Incorporated elsewhere (the 2020 seed's "UK/EU" is out of date).
    ("company", {**ALL_COMPANY, "incorporated_uk": NO}, COMPANY_DETAILS, False, "incorporated in the UK"),
    ("company", ALL_COMPANY, {"company_number": "01234567"}, False, "Registered office"),
    ("trade_union", {"on_list_of_unions": YES}, {}, True, "Permissible"),
    ("trade_union", {"on_list_of_unions": NO}, {}, False, "list of trade unions"),
    ("llp", {"registered_llp": YES, "carries_on_business_uk": NO}, {"company_number": "OC1"}, False, "UK"),
    ("unincorporated", {"main_office_uk": YES, "activities_uk": YES}, {}, True, "Permissible"),
    ("unincorporated", {"main_office_uk": NO, "activities_uk": YES}, {}, False, "main office"),
    ("labour_group", {"main_office_uk": YES, "activities_uk": NO}, {}, False, "wholly or mainly"),
    ("party", {"registered_party": YES}, {}, True, "Permissible"),
    ("trust", {"permitted_trust": NO}, {}, False, "permitted kinds"),
    # Never permissible, whatever the answers.
    ("charity", {}, {}, False, "charity"),
    ("public_body", {}, {}, False, "public money"),
    ("unidentifiable", {}, {}, False, "Electoral Commission"),
    # Questions left unanswered are not a "yes".
    ("company", {"registered_companies_act": YES}, COMPANY_DETAILS, False, "Answer every question"),
]


@pytest.mark.parametrize(("kind", "answers", "details", "permissible", "words"), CASES)
def test_each_kind_of_donor_is_judged_on_its_own_conditions(kind, answers, details, permissible, words):
    verdict = judge(kind, answers, details)
    assert verdict.permissible is permissible
    assert words in verdict.message
