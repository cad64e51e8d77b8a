"""Demo branches and wards (see clp/core/management/commands/seed_demo.py)."""

from branches.models import Branch, Ward

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
            slug=name.lower(),
            defaults={
                "name": f"{name} Branch",
                "order": order,
                "contact_email": f"{name.lower()}@demo.clp.test",
            },
        )
        for ward in wards:
            Ward.objects.update_or_create(name=ward, defaults={"branch": branch})
        branches.append(branch)
    context["branches"] = branches
