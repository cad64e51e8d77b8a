"""The targets panel's rows are written in Python (officers/dashboard.py): they read exactly as
the panel's template wrote them, kept here as the reference."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from officers import plan_selectors
from tests.factories.officers import PlanFactory, ProgressUpdateFactory, TargetFactory

pytestmark = pytest.mark.django_db

ROWS = Template(
    """{% for p in targets %}
    <li><a href="{% url 'officers:target' pk=p.target.pk %}">{{ p.target }}</a>: <strong>{{ p.label }}</strong>, {{ p.done }}% done with {{ p.elapsed }}% of the time gone (by {{ p.target.due_on|date:"j M Y" }}; {{ p.target.owner }})</li>
  {% endfor %}"""  # noqa: E501
)


def test_the_targets_rows_read_as_the_template_wrote_them(client_for, treasurer, posts):
    today = timezone.localdate()
    year = PlanFactory(
        starts_on=today - datetime.timedelta(days=200), ends_on=today + datetime.timedelta(days=100)
    )
    for description, due in [("Raise <£3,000> & more", -2), ("Recruit 40 members", 30)]:
        TargetFactory(
            objective__plan=year, description=description, measure="manual", owner=posts["treasurer"],
            target_value=40, due_on=today + datetime.timedelta(days=due),
        )  # fmt: skip

    page = client_for(treasurer).get("/").content.decode()

    targets = plan_selectors.targets_needing_attention([posts["treasurer"].pk], today)
    expected = ROWS.render(Context({"targets": targets}))
    assert "Raise &lt;£3,000&gt; &amp; more" in expected and len(targets) == 2
    assert f"<ul>\n  {expected}\n  </ul>" in page


def test_a_target_is_judged_by_its_newest_update(posts):
    """The newest update by day (the later entry of two on one day) says how far a target has
    come: an early good figure does not hide a later fall, nor an early low one a recovery."""
    today = timezone.localdate()
    year = PlanFactory(
        starts_on=today - datetime.timedelta(days=100), ends_on=today + datetime.timedelta(days=100)
    )
    owner = posts["treasurer"]
    fell, recovered, same_day = (
        TargetFactory(objective__plan=year, description=d, measure="manual", owner=owner, target_value=100)
        for d in ["Fell back", "Recovered", "Corrected the same day"]
    )
    for target, values in [(fell, [(90, -50), (10, -5)]), (recovered, [(5, -50), (60, -5)])]:
        for value, ago in values:
            ProgressUpdateFactory(target=target, value=value, on=today + datetime.timedelta(days=ago))
    ProgressUpdateFactory(target=same_day, value=70, on=today)
    ProgressUpdateFactory(target=same_day, value=5, on=today)  # entered after: the newer

    found = {p.target.description: p for p in plan_selectors.targets_needing_attention([owner.pk], today)}

    assert set(found) == {"Fell back", "Corrected the same day"}
    assert (found["Fell back"].done, found["Corrected the same day"].done) == (10, 5)
