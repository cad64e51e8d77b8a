"""Who may give or lend (PPERA s.54(2), s.71H for lenders) as questions the Treasurer answers.

Permissibility is a set of conditions per kind of donor, not a category: recording a check
asks the questions the law asks for that kind of donor, and refuses "permissible" when an
answer rules it out or a question is left unanswered. Pure data and functions, so the rules
are tested without a database; the answers are kept with the check as evidence.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    needed: bool = True  # the answer the law needs for the donor to be permissible
    refusal: str = ""  # why the other answer rules the donor out


@dataclass(frozen=True)
class Detail:
    key: str
    label: str


REGISTERED_UK = Question(
    "carries_on_business_uk",
    "Does it carry on business in the UK?",
    refusal="it must carry on business in the UK",
)

QUESTIONS = {
    "individual": [
        Question(
            "on_register",
            "Was the donor on a UK electoral register on the day the donation was received?",
            refusal="an individual must be on a UK electoral register on the day received",
        ),
        Question(
            "register_outside_uk",
            "Is that register in the Channel Islands or the Isle of Man?",
            needed=False,
            refusal="the Channel Islands and the Isle of Man are not in the UK",
        ),
    ],
    "company": [
        Question(
            "registered_companies_act",
            "Is it registered under the Companies Act 2006?",
            refusal="a company must be registered under the Companies Act 2006",
        ),
        Question(
            "incorporated_uk",
            "Is it incorporated in the UK?",
            refusal="a company must be incorporated in the UK",
        ),
        REGISTERED_UK,
    ],
    "trade_union": [
        Question(
            "on_list_of_unions",
            "Is it on the list of trade unions kept by the Certification Officer?",
            refusal="a trade union must be on the list of trade unions",
        ),
    ],
    "building_society": [
        Question(
            "registered_building_society",
            "Is it a building society under the Building Societies Act 1986?",
            refusal="it must be a building society under the Building Societies Act 1986",
        ),
        REGISTERED_UK,
    ],
    "llp": [
        Question(
            "registered_llp",
            "Is it registered under the Limited Liability Partnerships Act 2000?",
            refusal="an LLP must be registered under the Limited Liability Partnerships Act 2000",
        ),
        REGISTERED_UK,
    ],
    "friendly_society": [
        Question(
            "registered_society",
            "Is it a registered friendly society or a registered (co-operative or community "
            "benefit) society?",
            refusal="it must be a registered friendly society or registered society",
        ),
        REGISTERED_UK,
    ],
    "unincorporated": [
        Question(
            "main_office_uk",
            "Is its main office in the UK?",
            refusal="an unincorporated association must have its main office in the UK",
        ),
        Question(
            "activities_uk",
            "Does it carry on its business or other activities wholly or mainly in the UK?",
            refusal="an unincorporated association must be active wholly or mainly in the UK",
        ),
    ],
    "party": [
        Question(
            "registered_party",
            "Is it on the Great Britain or Northern Ireland register of political parties?",
            refusal="a party must be a registered party",
        ),
    ],
    "trust": [
        Question(
            "permitted_trust",
            "Was the trust set up before 27 July 1999, or by the will (or gift) of a person who was "
            "a permissible donor, with nothing added since except by such a person?",
            refusal="only trusts of the permitted kinds may give",
        ),
    ],
}
# A Labour group of councillors gives as an unincorporated association (s.54(2)(h)).
QUESTIONS["labour_group"] = QUESTIONS["unincorporated"]

DETAILS = {
    "individual": [
        Detail("register", "Which electoral register (the local authority)"),
        Detail("electoral_number", "Electoral number"),
    ],
    "company": [
        Detail("company_number", "Company number"),
        Detail("registered_office", "Registered office"),
    ],
    "llp": [Detail("company_number", "Registration number")],
    "friendly_society": [Detail("company_number", "Registration number")],
}

NEVER = {
    "charity": "a charity may not make political donations",
    "public_body": "a body funded by public money is not a permissible donor",
    "unidentifiable": "an unidentifiable donor is never permissible: return it to whoever "
    "transferred it, or send it to the Electoral Commission",
    "other": "only the kinds of donor the law lists are permissible",
}


def questions_for(category):
    return QUESTIONS.get(category, [])


def details_for(category):
    return DETAILS.get(category, [])


@dataclass
class Verdict:
    permissible: bool
    unanswered: list = field(default_factory=list)  # question texts / detail labels
    reasons: list = field(default_factory=list)  # why the donor is ruled out

    @property
    def message(self):
        if self.reasons:
            return "Not permissible: " + "; ".join(self.reasons) + "."
        if self.unanswered:
            return "Answer every question first: " + "; ".join(self.unanswered)
        return "Permissible."


def judge(category, answers, details=None):
    """Whether the answers make the donor permissible. `answers` maps a question's key to
    True, False or None (unanswered); `details` maps a detail's key to the text recorded."""
    details = details or {}
    if category in NEVER:
        return Verdict(False, reasons=[NEVER[category]])
    verdict = Verdict(True)
    for question in questions_for(category):
        answer = answers.get(question.key)
        if answer is None:
            verdict.unanswered.append(question.text)
        elif bool(answer) != question.needed:
            verdict.reasons.append(question.refusal)
    for detail in details_for(category):
        if not str(details.get(detail.key) or "").strip():
            verdict.unanswered.append(detail.label)
    verdict.permissible = not verdict.reasons and not verdict.unanswered
    return verdict
