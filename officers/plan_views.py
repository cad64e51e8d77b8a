"""The development plan's pages: the plans, one plan with its targets' progress, a target with
its updates; adding objectives and targets (the Secretary, the Chair) and progress (the owner)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from clp.core.access import access_for, object_for_user, require
from clp.core.formats import day
from clp.core.forms import attempt
from clp.core.links import url_of
from clp.core.once import submit_once
from officers import plan_exports, plan_selectors, plan_services
from officers.escaping import escaper
from officers.models import Plan, Target
from officers.plan_forms import ObjectiveForm, PlanForm, ProgressForm, TargetForm


@require("can_see_plan")
def index(request):
    today = timezone.localdate()
    context = {
        "plans": plan_selectors.plans(),
        "current": plan_selectors.plan_on(today),
        "form": PlanForm() if access_for(request.user).can_manage_plan else None,
    }
    return render(request, "officers/plan/index.html", context)


@require("can_manage_plan")
@submit_once
def plan_new(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, plan = attempt(
            form,
            plan_services.plan_create,
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            agreed_on=data["agreed_on"],
        )
        if ok:
            messages.success(request, f"{plan} is made: add its objectives and targets.")
            return redirect("officers:plan_detail", pk=plan.pk)
    return render(request, "officers/plan/form.html", {"form": form, "heading": "Make a development plan"})


MEASURE_WORDS = dict(Target.Measure.choices)  # get_measure_display


def _target_rows(progress):
    """The targets' rows of the plan's page (officers/plan/detail.html), as its template wrote
    them, every text escaped: the template's lookups and filters a cell were a third of the
    page's calls."""
    target_url, escaped = url_of("officers:target"), escaper()
    rows = []
    for p in progress:
        target = p.target
        measure = escaped(MEASURE_WORDS.get(target.measure, target.measure))
        rows.append(
            f'\n  <tr>\n    <th scope="row"><a href="{target_url(target.pk)}">'
            f"{conditional_escape(target)}</a><br><small>{measure}</small></th>"
            f"\n    <td>{conditional_escape(p.reached)} ({p.done}%)</td>"
            f"\n    <td>{day(target.due_on)} ({p.elapsed}% of the time gone)</td>"
            f"\n    <td>{escaped(str(target.owner))}</td>"
            f'\n    <td class="plan-{p.status}">{p.label}</td>\n  </tr>\n  '
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text went through conditional_escape


def _chart_rows(chart):
    """The rows of the chart's table as _chart.html writes them (its loop a cell was a fifth
    of the page's calls): the first cell of a row its heading."""
    rows, escaped = [], escaper()
    for first, *cells in chart.rows:
        rows.append(f'<tr><th scope="row">{escaped(first)}</th>')
        rows.extend([f"<td>{escaped(cell)}</td>" for cell in cells])
        rows.append("</tr>")
    return mark_safe("".join(rows))  # noqa: S308 - every text went through conditional_escape


def _detail(request, plan, *, objective_form=None, status=200):
    today = timezone.localdate()
    objectives = plan_selectors.plan_progress(plan, today)
    progress = [p for _, rows in objectives for p in rows]
    chart = (
        plan_exports.plan_chart(progress, f"{plan}: the targets on {today:%d %B %Y}") if progress else None
    )
    context = {
        "plan": plan,
        "objectives": [(objective, _target_rows(rows)) for objective, rows in objectives],
        "chart": chart,
        "chart_rows": _chart_rows(chart) if chart else "",
        "objective_form": objective_form or ObjectiveForm(),
    }
    return render(request, "officers/plan/detail.html", context, status=status)


@require("can_see_plan")
def plan_detail(request, pk):
    return _detail(request, get_object_or_404(Plan, pk=pk))


@require_POST
@require("can_manage_plan")
@submit_once
def objective_add(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    form = ObjectiveForm(request.POST)
    if form.is_valid():
        ok, objective = attempt(form, plan_services.objective_add, plan=plan, **form.cleaned_data)
        if ok:
            messages.success(request, f"Objective added: {objective}.")
            return redirect("officers:plan_detail", pk=plan.pk)
    return _detail(request, plan, objective_form=form)


@require("can_manage_plan")
@submit_once
def target_add(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    form = TargetForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, target = attempt(
            form,
            plan_services.target_add,
            objective=data["objective"],
            description=data["description"],
            target_value=data["target_value"],
            due_on=data["due_on"],
            owner=data["owner"],
            measure=data["measure"],
            unit=data["unit"],
            branch=data["branch"],
        )
        if ok:
            messages.success(request, f"Target added: {target}.")
            return redirect("officers:plan_detail", pk=plan.pk)
    return render(request, "officers/plan/form.html", {"form": form, "heading": f"Add a target to {plan}"})


def _target(request, pk, allow=None):
    target = object_for_user(
        request, plan_selectors.target_queryset(), reach="reaches_target", allow=allow, pk=pk
    )
    return target


def _target_page(request, target, form=None):
    (progress,) = plan_selectors.progress_of([target], timezone.localdate())
    access = access_for(request.user)
    if form is None and access.can_update_target(target) and not target.is_automatic:
        form = ProgressForm(initial={"on": timezone.localdate()})
    return render(
        request, "officers/plan/target.html", {"target": target, "progress": progress, "form": form}
    )


def target_detail(request, pk):
    return _target_page(request, _target(request, pk))


@require_POST
@submit_once
def target_update(request, pk):
    target = _target(request, pk, allow="can_update_target")
    form = ProgressForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            form,
            plan_services.progress_record,
            target=target,
            value=data["value"],
            on=data["on"],
            note=data["note"],
            by=request.user,
        )
        if ok:
            messages.success(request, "Progress recorded.")
            return redirect("officers:target", pk=target.pk)
    return _target_page(request, target, form)
