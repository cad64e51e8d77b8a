"""The AGM's papers, laid out for printing: the nominations list, a ballot paper per post
(one per round where the ballot goes to more rounds) and the declaration of results."""

from clp.core.exports import pdf_export
from officers.elections import selectors
from officers.elections.models import Agm, Contest


def _slug(text):
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def nominations_pdf(agm_id):
    agm = Agm.objects.get(pk=agm_id)
    context = {"agm": agm, "contests": selectors.agm_overview(agm)}
    return pdf_export(
        f"nominations-{_slug(agm.name)}-{agm.held_on}.pdf", "officers/agm/pdf/nominations.html", context
    )


def ballot_pdf(contest_id, round_number=1):
    contest = Contest.objects.select_related("agm", "post").get(pk=contest_id)
    state = selectors.contest_state(contest)
    candidates = state.standing
    if round_number > 1 and state.result is not None and state.result.continuing:
        candidates = [c for c in candidates if c.nomination.pk in state.result.continuing]
    context = {"contest": contest, "state": state, "candidates": candidates, "round_number": round_number}
    name = f"ballot-{_slug(contest.post.name)}-round-{round_number}.pdf"
    return pdf_export(name, "officers/agm/pdf/ballot.html", context)


def declaration_pdf(agm_id):
    agm = Agm.objects.get(pk=agm_id)
    context = {"agm": agm, "contests": selectors.agm_overview(agm)}
    return pdf_export(
        f"declaration-{_slug(agm.name)}-{agm.held_on}.pdf", "officers/agm/pdf/declaration.html", context
    )
