"""The plan's status as the Executive's papers show it: progress bars against the time gone,
with the table of the same figures (the plan's page and the agenda PDF use it)."""

from clp.core import charts


def _achieved(p):
    return charts.figure(p.achieved, "£") if p.target.is_money else charts.figure(p.achieved)


def _goal(p):
    target = p.target
    if target.is_money:
        return charts.figure(target.target_value, "£")
    return charts.figure(target.target_value) + (f" {target.unit}" if target.unit else "")


def plan_chart(progress, title):
    """A progress chart of `progress` ([officers.plan.Progress]) and its table."""
    return charts.Chart(
        svg=charts.progress_chart(
            title=title, rows=[(p.target.description, p.done, p.elapsed) for p in progress]
        ),
        caption=title,
        header=["Target", "Reached", "Of", "By", "Done", "Time gone", "Status", "Owner"],
        rows=[
            [
                p.target.description,
                _achieved(p),
                _goal(p),
                f"{p.target.due_on:%d %b %Y}",
                f"{p.done}%",
                f"{p.elapsed}%",
                p.label,
                str(p.target.owner),
            ]
            for p in progress
        ],
    )
