"""Demo branches and wards (see clp/dashboard/management/commands/seed_demo.py)."""

from django.utils.text import slugify

from branches.models import Affiliate, Branch, Ward

BRANCHES = [
    ("Northgate", ["Northgate", "Castle", "Abbey"]),
    ("Riverside", ["Riverside", "Quayside"]),
    ("Hillcrest", ["Hillcrest", "Moorland", "Heath"]),
    ("Eastfield", ["Eastfield", "Brookside"]),
]


def seed(context):
    branches = []
    for order, (name, wards) in enumerate(BRANCHES):
        branch, _ = Branch.objects.update_or_create(
            slug=slugify(name),  # the demo's one-word names as they were; the benchmark's "Ash Vale" too
            defaults={
                "name": f"{name} Branch",
                "order": order,
                "contact_email": f"{slugify(name)}@demo.clp.test",
            },
        )
        for ward in wards:
            Ward.objects.update_or_create(name=ward, defaults={"branch": branch})
        branches.append(branch)
    context["branches"] = branches
    seed_affiliates(context)


AFFILIATES = [
    ("Unison Northtown Health Branch", Affiliate.Kind.TRADE_UNION, 2),
    ("GMB Northtown General Branch", Affiliate.Kind.TRADE_UNION, 2),
    ("Unite Community Northtown", Affiliate.Kind.TRADE_UNION, 1),
    ("Fabian Society (Northtown Local Society)", Affiliate.Kind.SOCIALIST_SOCIETY, 1),
    ("Northtown Co-operative Party", Affiliate.Kind.COOP_PARTY, 2),
]


def seed_affiliates(context):
    """The affiliated organisations (their delegates, who are people, come in demo_late)."""
    affiliates = []
    for name, kind, allowed in AFFILIATES:
        affiliate, _ = Affiliate.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "delegates_allowed": allowed,
                "contact_email": f"secretary@{slugify(name)[:30]}.demo.clp.test",
            },
        )
        affiliates.append(affiliate)
    context["affiliates"] = affiliates
