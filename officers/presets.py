"""Real rule sets and their posts, ready to load (`manage.py load_officer_preset NAME`).

Each preset is plain data: posts (slug, name, role, kind, EC membership, places, duties) and
rules naming posts by slug. Sources: seed 000 (the national role description), 002 (Broadland
CLP), 003 (Suffolk Coastal CLP's Standing Orders) and the party's 2017 model rules as CLPs
quote them. Rule books change at each conference: that is why these are data.
"""

from dataclasses import dataclass, field, replace

from officers.models import BalanceRule, Post

R, K, EC = Post.Role, Post.Kind, Post.EC
YOUNG_MEMBER_AGE = 27  # Labour: members under 27 are young members


@dataclass(frozen=True)
class PostSpec:
    slug: str
    name: str
    role: str = ""
    kind: str = K.OFFICER
    ec: str = EC.VOTING
    max_holders: int = 1
    duties: str = ""
    union_members_only: bool = False  # the holder must belong to an affiliated trade union
    must_belong_to: str = ""  # where Standing Orders say so: the group the holder belongs to


@dataclass(frozen=True)
class RuleSpec:
    name: str
    kind: str
    posts: tuple
    minimum: int | None = None
    age: int | None = None
    hard: bool = True
    # "At least N women": seed 000 ("at least four of these must be women"), the party's model
    # rules ("at least three of the officers shall be women") and Suffolk's "at least seven of
    # all the voting members of the EC must be women" speak of people, so a woman holding two of
    # the posts counts once; only Suffolk's "first six positions ... held by women" counts places.
    counts: str = BalanceRule.Counts.PEOPLE
    maximum: int | None = None  # "shared by at most N people"


@dataclass(frozen=True)
class Preset:
    key: str
    name: str
    source: str
    posts: tuple
    rules: tuple
    branch: bool = False  # loaded once for each branch
    notes: str = ""
    extra: dict = field(default_factory=dict)
    superseded_by: str = ""  # a later rule book's preset: kept for CLPs whose Standing Orders quote this one


DUTIES = {
    "chair": "Leads the CLP and chairs its meetings fairly and openly under the party's rules; builds an "
    "effective officer team; with the Secretary, plans the year's development plan and keeps the "
    "Standing Orders up to date.",
    "vice-chair": "Stands in for the Chair when they are not available and shares in the strategic "
    "direction of the CLP. In some CLPs the role is shared among other officers.",
    "secretary": "The main communications link with branches, the region and national offices; plans "
    "agendas with the Chair, circulates papers, produces concise minutes, keeps the directory of "
    "officers and delegates, and keeps roles up to date on MemberCentre.",
    "treasurer": "Keeps accurate financial records, produces the annual statement of accounts, checks "
    "donations and loans and reports them to head office each quarter, and makes sure the CLP "
    "complies with the funding laws, including at elections.",
    "membership": "Welcomes new members, contacts existing members and those about to lapse, keeps "
    "contact details accurate, and reports changes in membership to each meeting.",
    "womens": "The key representative of women members: makes sure meetings are relevant and accessible "
    "to women, works with women's organisations locally and campaigns to win women's votes.",
    "youth": "Welcomes young members (under 27), runs events for them and makes sure their voices are "
    "heard by the Executive.",
    "equality": "Represents disabled, BAME and LGBT+ members, makes sure meetings are accessible and "
    "that these members are encouraged to stand for office.",
    "tulo": "Strengthens the link with affiliated trade unions locally and works to increase affiliations.",
    "policy": "Brings the National Policy Forum process to life: policy discussions, consultations and "
    "submissions from members.",
    "communications": "Runs the CLP's website, social media and platforms, and makes sure access to the "
    "party's systems is kept.",
    "campaign": "Organises campaigning with branch co-ordinators, candidates and the Treasurer and Agent.",
    "political-education": "Runs educational meetings and training, and explains how the party works.",
    "community": "Builds links with community groups and involves members in local community activity.",
    "environment": "Leads the CLP's work on environmental campaigns and policy.",
    "international": "Leads the CLP's work on international issues and links with sister parties.",
    "fundraising": "Organises fundraising events with the branches and supports the Treasurer on the "
    "permissibility of donations.",
    "contact-creator": "Manages Contact Creator accounts and training, and gets marked registers and "
    "absent voter lists entered after each election.",
    "minute-secretary": "Takes the minutes of Executive Committee meetings for the Secretary.",
    "delegate": "Represents their branch on the Executive Committee and reports back to it.",
    "conference-delegate": "Represents the CLP at the party's Annual Conference and reports back.",
    "regional-delegates": "Represent the CLP at the regional conference and report back.",
}

SUFFOLK_VOTING = (
    PostSpec("chair", "Chair", R.CHAIR, duties=DUTIES["chair"]),
    PostSpec("vice-chair", "Vice Chair", R.VICE_CHAIR, duties=DUTIES["vice-chair"]),
    PostSpec("treasurer", "Treasurer", R.TREASURER, duties=DUTIES["treasurer"]),
    PostSpec("secretary", "Secretary", R.SECRETARY, duties=DUTIES["secretary"]),
    PostSpec(
        "vice-chair-membership", "Membership Officer", R.MEMBERSHIP_OFFICER, duties=DUTIES["membership"]
    ),
    PostSpec("womens-officer", "Women's Officer", R.WOMENS_OFFICER, duties=DUTIES["womens"]),
    PostSpec(
        "equality-officer", "Equality & Diversity Officer", R.EQUALITY_OFFICER, duties=DUTIES["equality"]
    ),
    PostSpec("tulo-officer", "TULO Officer", duties=DUTIES["tulo"], union_members_only=True),
    PostSpec("policy-officer", "Policy Officer", duties=DUTIES["policy"]),
    PostSpec("youth-officer", "Youth Officer", R.YOUTH_OFFICER, duties=DUTIES["youth"]),
    PostSpec(
        "communications-officer", "Communications, Social Media & IT Officer", duties=DUTIES["communications"]
    ),
) + tuple(
    PostSpec(
        f"branch-delegate-{n}", f"Branch delegate {n}", R.EC_DELEGATE, K.DELEGATE, duties=DUTIES["delegate"]
    )
    for n in range(1, 5)
)
SUFFOLK_NON_VOTING = tuple(
    PostSpec(slug, name, kind=K.COORDINATOR, ec=EC.NON_VOTING, duties=DUTIES[duty])
    for slug, name, duty in [
        ("campaign-coordinator", "Campaign Co-ordinator", "campaign"),
        ("political-education-coordinator", "Political Education Co-ordinator", "political-education"),
        ("community-involvement-coordinator", "Community Involvement Co-ordinator", "community"),
        ("environment-coordinator", "Environment Co-ordinator", "environment"),
        ("international-coordinator", "International Co-ordinator", "international"),
        ("fundraising-coordinator", "Fundraising Co-ordinator", "fundraising"),
        ("contact-creator-administrator", "Contact Creator Local Administrator", "contact-creator"),
        ("minute-secretary", "Minute Secretary", "minute-secretary"),
    ]
)
SUFFOLK_FIRST_SIX = (
    "chair",
    "vice-chair",
    "treasurer",
    "secretary",
    "vice-chair-membership",
    "womens-officer",
)

NATIONAL_KEY = (
    PostSpec("chair", "Chair", R.CHAIR, duties=DUTIES["chair"]),
    PostSpec("deputy-chair", "Deputy Chair", R.VICE_CHAIR, duties=DUTIES["vice-chair"]),
    PostSpec("secretary", "Secretary", R.SECRETARY, duties=DUTIES["secretary"]),
    PostSpec("treasurer", "Treasurer", R.TREASURER, duties=DUTIES["treasurer"]),
    PostSpec(
        "vice-chair-membership", "Vice-Chair (Membership)", R.MEMBERSHIP_OFFICER, duties=DUTIES["membership"]
    ),
    PostSpec("vice-chair-policy", "Vice-Chair (Policy)", duties=DUTIES["policy"]),
    PostSpec("womens-officer", "Women's Officer", R.WOMENS_OFFICER, duties=DUTIES["womens"]),
    PostSpec("youth-officer", "Youth Officer", R.YOUTH_OFFICER, duties=DUTIES["youth"]),
)
# Seed 000 names these "functional officer posts" without putting them on the ECC.
NATIONAL_FUNCTIONAL = tuple(
    PostSpec(slug, name, kind=K.OFFICER, ec=EC.NONE, duties=DUTIES.get(duty, ""))
    for slug, name, duty in [
        ("membership-officer", "Membership Officer", "membership"),
        ("campaigns-officer", "Campaigns Officer", "campaign"),
        ("political-education-officer", "Political Education Officer", "political-education"),
        ("ethnic-minority-officer", "Ethnic Minority Officer", "equality"),
        ("tulo-officer", "Trade Union Liaison Officer", "tulo"),  # union membership: see below
        ("disability-officer", "Disability Officer", "equality"),
    ]
)

PARTY_EXECUTIVE = (
    PostSpec("chair", "Chair", R.CHAIR, duties=DUTIES["chair"]),
    PostSpec("vice-chair", "Vice-Chair", R.VICE_CHAIR, duties=DUTIES["vice-chair"]),
    PostSpec(
        "vice-chair-membership", "Vice-Chair (Membership)", R.MEMBERSHIP_OFFICER, duties=DUTIES["membership"]
    ),
    PostSpec("secretary", "Secretary", R.SECRETARY, duties=DUTIES["secretary"]),
    PostSpec("treasurer", "Treasurer", R.TREASURER, duties=DUTIES["treasurer"]),
    PostSpec("womens-officer", "Women's Officer", R.WOMENS_OFFICER, duties=DUTIES["womens"]),
)
PARTY_EXECUTIVE_SLUGS = tuple(p.slug for p in PARTY_EXECUTIVE)

BROADLAND_OTHERS = (
    PostSpec("policy-officer", "Policy Officer", duties=DUTIES["policy"]),
    PostSpec("campaign-coordinator", "Campaign Co-ordinator", kind=K.COORDINATOR, duties=DUTIES["campaign"]),
    PostSpec(
        "equality-officer", "Equality and Diversity Officer", R.EQUALITY_OFFICER, duties=DUTIES["equality"]
    ),
    PostSpec(
        "political-education-officer", "Political Education Officer", duties=DUTIES["political-education"]
    ),
    PostSpec("tulo-officer", "Trade Union Liaison Officer", duties=DUTIES["tulo"], union_members_only=True),
    PostSpec(
        "communications-officer", "Communications and Social Media Officer", duties=DUTIES["communications"]
    ),
    PostSpec("youth-officer", "Youth Officer", R.YOUTH_OFFICER, duties=DUTIES["youth"]),
    PostSpec(
        "fundraising-coordinator",
        "Fundraising Co-ordinator",
        kind=K.COORDINATOR,
        duties=DUTIES["fundraising"],
    ),
)

YOUTH_RULE = RuleSpec(
    "Youth Officer is a young member (under 27)",
    BalanceRule.Kind.MAX_AGE,
    ("youth-officer",),
    age=YOUNG_MEMBER_AGE,
)
WOMENS_OFFICER_RULE = RuleSpec(
    "The Women's Officer is a woman", BalanceRule.Kind.WOMAN_HOLDER, ("womens-officer",)
)
# The rule book's own rules, which bind every CLP whatever its Standing Orders say (and so
# ship with every CLP preset): the Women's Officer is a woman; a delegation of more than one is
# at least half women; a single delegate is a woman at least every other year, term by term.
CONFERENCE_DELEGATES = (
    PostSpec(
        "conference-delegate",
        "Delegate to Annual Conference",
        kind=K.DELEGATE,
        ec=EC.NONE,
        duties=DUTIES["conference-delegate"],
    ),
    PostSpec(
        "regional-conference-delegates",
        "Delegates to the Regional Conference",
        kind=K.DELEGATE,
        ec=EC.NONE,
        max_holders=2,
        duties=DUTIES["regional-delegates"],
    ),
)
RULE_BOOK_RULES = (
    WOMENS_OFFICER_RULE,
    RuleSpec(
        "A single delegate is a woman at least every other year",
        BalanceRule.Kind.SINGLE_DELEGATE_ALTERNATES,
        ("conference-delegate",),
    ),
    RuleSpec(
        "A delegation of more than one is at least half women",
        BalanceRule.Kind.DELEGATION_HALF_WOMEN,
        ("regional-conference-delegates",),
    ),
)


def with_rule_book(posts, rules):
    """A CLP preset's posts and rules with the rule book's own rules (and the posts they
    judge) added where the preset does not already carry them."""
    slugs = {p.slug for p in posts}
    names = {r.name for r in rules}
    posts = tuple(posts) + tuple(p for p in CONFERENCE_DELEGATES if p.slug not in slugs)
    return posts, tuple(rules) + tuple(r for r in RULE_BOOK_RULES if r.name not in names)


EXECUTIVE_RULE = RuleSpec(
    "At least three of the six executive officers are women",
    BalanceRule.Kind.MIN_WOMEN,
    PARTY_EXECUTIVE_SLUGS,
    minimum=3,
)

SHARED_2023 = ("vice-chair", "vice-chair-membership", "secretary", "womens-officer")

_CLP_PRESETS = [
    Preset(
        key="rule-book-2023",
        name="Party rule book as amended in 2023: six executive officers",
        source="Labour Party rule book as amended at the 2023 conference (Chapter 7, CLP rules)",
        notes="Six executive officers, at least three of them women; posts may be shared by at most two "
        "people, except the Chair and the Treasurer; the BAME, disability, LGBT+ and youth officers are no "
        "longer required on the executive (where none of the six is BAME, the BAME officer joins it).",
        posts=PARTY_EXECUTIVE
        + (
            PostSpec(
                "bame-officer",
                "BAME Officer",
                ec=EC.NONE,
                duties=DUTIES["equality"],
                must_belong_to="BAME members",
            ),
        ),
        rules=(
            EXECUTIVE_RULE,
            RuleSpec(
                "Posts are shared by at most two people",
                BalanceRule.Kind.SHARED_AT_MOST,
                SHARED_2023,
                maximum=2,
            ),
            RuleSpec(
                "The Chair and the Treasurer are not shared",
                BalanceRule.Kind.SHARED_AT_MOST,
                ("chair", "treasurer"),
                maximum=1,
            ),
        ),
    ),
    Preset(
        key="national-model",
        name="National model (eight key posts)",
        source="Labour Party role description for CLP officers (seed 000)",
        posts=NATIONAL_KEY + NATIONAL_FUNCTIONAL,
        rules=(
            RuleSpec(
                "At least four of the eight key posts are held by women",
                BalanceRule.Kind.MIN_WOMEN,
                tuple(p.slug for p in NATIONAL_KEY),
                minimum=4,
            ),
            WOMENS_OFFICER_RULE,
            YOUTH_RULE,
        ),
    ),
    Preset(
        key="suffolk-coastal",
        name="Suffolk Coastal CLP",
        source="Suffolk Coastal CLP Executive Committee role descriptions (seed 003)",
        posts=SUFFOLK_VOTING + SUFFOLK_NON_VOTING,
        rules=(
            RuleSpec(
                "At least three of the first six officers are women",
                BalanceRule.Kind.MIN_WOMEN,
                SUFFOLK_FIRST_SIX,
                minimum=3,
                # "At least three of the first six positions above must be held by women"
                counts=BalanceRule.Counts.PLACES,
            ),
            RuleSpec(
                "At least seven of the voting members of the EC are women",
                BalanceRule.Kind.MIN_WOMEN,
                tuple(p.slug for p in SUFFOLK_VOTING),
                minimum=7,
            ),
            RuleSpec(
                "Gender balance among the non-voting members of the EC, as far as possible",
                BalanceRule.Kind.BALANCE,
                tuple(p.slug for p in SUFFOLK_NON_VOTING),
                hard=False,
            ),
            YOUTH_RULE,
        ),
    ),
    Preset(
        key="broadland",
        name="Broadland CLP",
        source="Broadland CLP: six key officers plus co-ordinators, all voting (seed 002), "
        "with the party's model rules for executive officers",
        posts=PARTY_EXECUTIVE + BROADLAND_OTHERS,
        rules=(EXECUTIVE_RULE, WOMENS_OFFICER_RULE, YOUTH_RULE),
    ),
    Preset(
        key="party-model-clp",
        name="Party model rules (2017 rule book): CLP executive officers and delegations",
        source="Labour Party model rules (2017 rule book), as quoted by CLPs",
        superseded_by="rule-book-2023",
        posts=PARTY_EXECUTIVE + CONFERENCE_DELEGATES,
        rules=(EXECUTIVE_RULE,) + RULE_BOOK_RULES[1:],
    ),
]
_BRANCH_PRESETS = [
    Preset(
        key="party-model-branch",
        name="Party model rules (2017 rule book): branch officers",
        source="Labour Party model rules (2017 rule book), as quoted by CLPs",
        superseded_by="rule-book-2023",
        branch=True,
        posts=(
            PostSpec("chair", "Branch Chair", R.BRANCH_CHAIR, ec=EC.NONE),
            PostSpec("vice-chair", "Branch Vice-Chair", ec=EC.NONE),
            PostSpec("secretary", "Branch Secretary", R.BRANCH_SECRETARY, ec=EC.NONE),
            PostSpec("treasurer", "Branch Treasurer", R.BRANCH_TREASURER, ec=EC.NONE),
        ),
        rules=(
            RuleSpec(
                "At least two of the four branch officers are women",
                BalanceRule.Kind.MIN_WOMEN,
                ("chair", "vice-chair", "secretary", "treasurer"),
                minimum=2,
            ),
        ),
    ),
]


def _with_rule_book(preset):
    posts, rules = with_rule_book(preset.posts, preset.rules)
    return replace(preset, posts=posts, rules=rules)


# Every CLP preset carries the rule book's own rules, whatever its Standing Orders say.
PRESETS = {p.key: p for p in [*map(_with_rule_book, _CLP_PRESETS), *_BRANCH_PRESETS]}
