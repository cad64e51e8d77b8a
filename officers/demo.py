"""Demo people, posts and terms of office, with logins for the key officers and for the
kinds of user they do not cover (the Membership Officer, an EC delegate, a member with no
post, the former Treasurer)."""

import datetime

from django.utils import timezone

from clp.accounts.models import User
from officers import services
from officers.models import Handover, Person, Post, Term

# The demo CLP follows Suffolk Coastal's Standing Orders (seed 003): see officers/presets.py.
PRESET = "suffolk-coastal"
BRANCH_POSTS = [
    ("chair", "Branch Chair", Post.Role.BRANCH_CHAIR),
    ("secretary", "Branch Secretary", Post.Role.BRANCH_SECRETARY),
    ("treasurer", "Branch Treasurer", Post.Role.BRANCH_TREASURER),
]
# Officers: (post slug, first, last, counts as woman, date of birth, login email or None).
# The International Co-ordinator is left vacant.
OFFICERS = [
    ("chair", "Priya", "Shah", True, None, "chair@demo.clp.test"),
    ("vice-chair", "Tom", "Hughes", False, None, None),
    ("secretary", "Margaret", "Okafor", True, None, "secretary@demo.clp.test"),
    ("treasurer", "David", "Llewellyn", False, None, "treasurer@demo.clp.test"),
    ("vice-chair-membership", "Aisha", "Rahman", True, None, None),
    ("womens-officer", "Joanne", "Whitfield", True, None, None),
    ("youth-officer", "Callum", "Reid", False, datetime.date(2003, 5, 14), None),
    ("equality-officer", "Rosa", "Fernandes", True, None, "equality@demo.clp.test"),
    ("tulo-officer", "Gareth", "Price", False, None, None),
    ("policy-officer", "Helen", "Marsh", True, None, None),
    ("communications-officer", "Sanjay", "Patel", False, None, None),
    ("branch-delegate-1", "Nadia", "Ahmed", True, None, None),
    ("branch-delegate-2", "Owen", "Bell", False, None, None),
    ("branch-delegate-3", "Ruth", "Carter", True, None, None),
    ("branch-delegate-4", "Peter", "Dunn", False, None, None),
    ("campaign-coordinator", "Kevin", "Moss", False, None, None),
    ("political-education-coordinator", "Linda", "Grant", True, None, None),
    ("community-involvement-coordinator", "Yusuf", "Ali", False, None, None),
    ("environment-coordinator", "Grace", "Lee", True, None, None),
    ("fundraising-coordinator", "Brian", "Shaw", False, None, None),
    ("contact-creator-administrator", "Emma", "Stone", True, None, None),
    ("minute-secretary", "Sue", "Tran", True, None, None),
    # The rule book's delegations (every CLP preset carries them).
    ("conference-delegate", "Mary", "Quinn", True, None, None),
    ("regional-conference-delegates", "Alan", "Ford", False, None, None),
    ("regional-conference-delegates", "Bea", "Hart", True, None, None),
]
# Last year's Treasurer, whose term ended at this year's AGM (a handover reported to the GLU).
FORMER_TREASURER = ("Janet", "Morris", True)
FIRST = ["Ann", "Ben", "Cara", "Dan", "Ellie", "Fatima", "George", "Hannah", "Imran", "Jess", "Kofi", "Laura"]
LAST = [
    "Archer",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Foster",
    "Green",
    "Hall",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
]


def _login(email, password):
    user, created = User.objects.get_or_create(email=email)
    if created or not user.has_usable_password():
        user.set_password(password)
        user.save()
    return user


def _person(number, first, last, branch, woman, dob=None, login=None, password=None):
    user = _login(login, password) if login else None
    person, _ = Person.objects.update_or_create(
        membership_number=number,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": login or f"{first}.{last}@example.org".lower(),
            "phone": f"07700 900{number[-3:]}",
            "address": f"{int(number[-2:]) + 1} High Street",
            "branch": branch,
            "gender": "Woman" if woman else "Man",
            "counts_as_woman": woman,
            "date_of_birth": dob,
            "user": user,
            "joined_on": datetime.date(2015, 1, 1) + datetime.timedelta(days=int(number[-3:]) * 17),
        },
    )
    return person


def _hold(post, person, starts_on, ends_on=None):
    Term.objects.update_or_create(
        post=post, person=person, starts_on=starts_on, defaults={"how": Term.How.ELECTED, "ends_on": ends_on}
    )


# More demo logins, so the product can be tried as each kind of user: (label, email).
EXTRA_LOGINS = [
    ("Membership Officer", "membership@demo.clp.test"),
    ("EC delegate (no 2FA needed)", "delegate@demo.clp.test"),
    ("Member with no post", "member@demo.clp.test"),
    ("Former Treasurer (term ended)", "former.treasurer@demo.clp.test"),
]


def _extra_people():
    """The demo people behind EXTRA_LOGINS, found by what they hold (or held)."""
    today = timezone.localdate()
    current = Term.objects.current(today)
    officer = current.filter(post__role=Post.Role.MEMBERSHIP_OFFICER).select_related("person").first()
    delegate = current.filter(post__role=Post.Role.EC_DELEGATE).select_related("person").first()
    former = (
        Term.objects.filter(post__role=Post.Role.TREASURER, ends_on__lt=today)
        .exclude(person__terms__in=current)
        .select_related("person")
        .order_by("-ends_on")
        .first()
    )
    member = Person.objects.filter(terms=None, membership_status=Person.Status.MEMBER).order_by("pk").first()
    return [
        officer and officer.person,
        delegate and delegate.person,
        member,
        former and former.person,
    ]


def _add_extra_logins(context):
    for (label, email), person in zip(EXTRA_LOGINS, _extra_people(), strict=True):
        if person is None:
            continue
        user = _login(email, context["password"])
        if person.user_id != user.pk:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
        context["logins"].append((label, email))


def seed(context):
    password = context["password"]
    branches = context["branches"]
    agm = datetime.date(timezone.localdate().year, 3, 14)
    if agm > timezone.localdate():
        agm = agm.replace(year=agm.year - 1)
    next_agm = agm.replace(year=agm.year + 1)  # Suffolk Coastal: officers serve for 12 months
    services.preset_load(key=PRESET)
    posts = {p.slug: p for p in Post.objects.filter(scope=Post.Scope.CLP)}
    people = []
    for i, (slug, first, last, woman, dob, login) in enumerate(OFFICERS):
        branch = branches[i % len(branches)]
        if slug.startswith("branch-delegate-"):
            branch = branches[(int(slug.rsplit("-", 1)[1]) - 1) % len(branches)]
        person = _person(f"D{1000 + i:04d}", first, last, branch, woman, dob, login, password)
        _hold(posts[slug], person, agm, next_agm - datetime.timedelta(days=1))
        people.append(person)
        if login:
            context["logins"].append((posts[slug].name, login))
    last_agm = agm.replace(year=agm.year - 1)
    first, last, woman = FORMER_TREASURER
    former = _person("D1900", first, last, branches[1 % len(branches)], woman)
    _hold(posts["treasurer"], former, last_agm, agm - datetime.timedelta(days=1))
    _hold(posts["chair"], people[0], last_agm, agm - datetime.timedelta(days=1))
    Handover.objects.update_or_create(
        post=posts["treasurer"],
        changed_on=agm,
        defaults={
            "outgoing": former,
            "incoming": people[3],
            "done_at": timezone.make_aware(datetime.datetime.combine(agm, datetime.time(20, 0))),
        },
    )
    for b, branch in enumerate(branches):
        for order, (slug, name, role) in enumerate(BRANCH_POSTS):
            post, _ = Post.objects.update_or_create(
                slug=slug,
                branch=branch,
                defaults={"name": name, "role": role, "scope": Post.Scope.BRANCH, "order": order},
            )
            n = 2000 + b * 10 + order
            login = f"{branch.slug}.{slug}@demo.clp.test" if slug == "secretary" else None
            person = _person(
                f"D{n:04d}",
                FIRST[(b * 3 + order) % 12],
                LAST[(b * 5 + order) % 12],
                branch,
                (b + order) % 2 == 0,
                None,
                login,
                password,
            )
            _hold(post, person, agm)
            if login:
                context["logins"].append((f"{name}, {branch.name}", login))
        for m in range(12):
            n = 3000 + b * 100 + m
            people.append(
                _person(f"D{n:04d}", FIRST[(m + b) % 12], LAST[(m * 7 + b) % 12], branch, m % 2 == 0)
            )
    context["people"] = people
    context["posts"] = posts
    context["agm"] = agm
    _next_agm(next_agm, posts, people)
    superuser, created = User.objects.get_or_create(
        email="admin@demo.clp.test", defaults={"is_superuser": True}
    )
    if created:
        superuser.is_staff = True
        superuser.set_password(password)
        superuser.save()
    context["logins"].append(("Administrator (superuser)", "admin@demo.clp.test"))
    _add_extra_logins(context)


def _next_agm(held_on, posts, people):
    """Next year's AGM, its nominations open: the first six officers renominated (the demo
    writes the nominations directly, so seeding sends nobody a confirmation)."""
    from officers.elections.models import Agm, Nomination
    from officers.elections.services import agm_create

    name = f"Annual General Meeting {held_on.year}"
    if Agm.objects.filter(name=name).exists():
        return
    six = ["chair", "vice-chair", "treasurer", "secretary", "vice-chair-membership", "womens-officer"]
    agm = agm_create(
        name=name,
        held_on=held_on,
        nominations_close_on=held_on - datetime.timedelta(days=14),
        qualifying_weeks=8,
        terms_end_on=None,
        posts=[posts[slug] for slug in six],
    )
    holders = {
        t.post_id: t.person
        for t in Term.objects.filter(
            post__in=[posts[s] for s in six], ends_on__gte=held_on - datetime.timedelta(days=1)
        )
    }
    for contest in agm.contests.all():
        nominee = holders.get(contest.post_id)
        if nominee is not None:
            Nomination.objects.create(
                contest=contest,
                nominee=nominee,
                by_member=people[-1],
                received_on=contest.closes_on - datetime.timedelta(days=7),
                consent_on=contest.closes_on - datetime.timedelta(days=5),
            )
