from django.urls import path

from meetings.views import (
    actions,
    agenda,
    attendance,
    diary,
    documents,
    minutes,
    motions,
    planning,
    standing_orders,
)

app_name = "meetings"

urlpatterns = [
    # planning
    path("", planning.index, name="index"),
    path("plan/", planning.create, name="create"),
    path("plan/year/", planning.plan_year, name="plan_year"),
    path("<int:pk>/edit/", planning.edit, name="edit"),
    path("<int:pk>/cancel/", planning.cancel, name="cancel"),
    # the agenda: items, papers, agreeing and circulating
    path("<int:pk>/", agenda.detail, name="detail"),
    path("<int:pk>/items/add/", agenda.item_add, name="item_add"),
    path("items/<int:pk>/edit/", agenda.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", agenda.item_delete, name="item_delete"),
    path("items/<int:pk>/move/", agenda.item_move, name="item_move"),
    path("items/<int:pk>/papers/", agenda.paper_upload, name="paper_upload"),
    path("papers/<int:pk>/", agenda.paper_download, name="paper"),
    path("papers/<int:pk>/delete/", agenda.paper_delete, name="paper_delete"),
    path("<int:pk>/agree/", agenda.agree, name="agree"),
    path("<int:pk>/agree/request/", agenda.agree_request, name="agree_request"),
    path("<int:pk>/agree/comment/", agenda.agree_comment, name="agree_comment"),
    path("<int:pk>/circulate/", agenda.circulate, name="circulate"),
    # the meeting held: attendance
    path("<int:pk>/held/", attendance.mark_held, name="held"),
    path("<int:pk>/attendance/", attendance.attendance, name="attendance"),
    path("<int:pk>/apologies/", attendance.apologies, name="apologies"),
    path("<int:pk>/attendance/all-present/", attendance.all_present, name="attendance_all_present"),
    path("<int:pk>/attendance/visitors/", attendance.visitor_add, name="visitor_add"),
    path("visitors/<int:pk>/remove/", attendance.visitor_remove, name="visitor_remove"),
    # the minutes
    path("<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path("items/<int:pk>/note/", minutes.item_note, name="item_note"),
    path("items/<int:pk>/decisions/", minutes.decision_add, name="decision_add"),
    path("decisions/<int:pk>/edit/", minutes.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/delete/", minutes.decision_delete, name="decision_delete"),
    path("items/<int:pk>/actions/", minutes.action_add, name="action_add"),
    path("actions/<int:pk>/edit/", minutes.action_edit, name="action_edit"),
    path("actions/<int:pk>/delete/", minutes.action_delete, name="action_delete"),
    path("<int:pk>/minutes/approve/", minutes.approve, name="approve"),
    path("<int:pk>/minutes/amend/", minutes.amend, name="amend"),
    # actions
    path("actions/", actions.tracker, name="actions"),
    path("actions/<int:pk>/done/", actions.action_done, name="action_done"),
    # Standing Orders
    path("standing-orders/", standing_orders.standing_orders, name="standing_orders"),
    # documents and the calendar
    path("<int:pk>/agenda.pdf", documents.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/minutes.pdf", documents.minutes_pdf, name="minutes_pdf"),
    path("calendar/", documents.calendar, name="calendar"),
    path("calendar/reset/", documents.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", documents.feed, name="feed"),
    # motions and their amendments
    path("<int:pk>/motions/", motions.motions, name="motions"),
    path("<int:pk>/motions/submit/", motions.submit, name="motion_submit"),
    path("<int:pk>/motions/agenda/", motions.to_agenda, name="motions_to_agenda"),
    path("<int:pk>/motions/composite/", motions.composite, name="motions_composite"),
    path("<int:pk>/motions.pdf", motions.booklet, name="motions_booklet"),
    path("motions/register/", motions.register, name="motion_register"),
    path("motions/<int:pk>/", motions.motion, name="motion"),
    path("motions/<int:pk>/edit/", motions.edit, name="motion_edit"),
    path("motions/<int:pk>/withdraw/", motions.withdraw, name="motion_withdraw"),
    path("motions/<int:pk>/accept/", motions.accept_emergency, name="motion_accept"),
    path("motions/<int:pk>/vote/", motions.vote, name="motion_vote"),
    path("motions/<int:pk>/send/", motions.send, name="motion_send"),
    path("motions/<int:pk>/amend/", motions.amend, name="motion_amend"),
    path("amendments/<int:pk>/withdraw/", motions.amendment_withdraw, name="amendment_withdraw"),
    path("amendments/<int:pk>/friendly/", motions.amendment_friendly, name="amendment_friendly"),
    path("amendments/<int:pk>/vote/", motions.amendment_vote, name="amendment_vote"),
    path("sendings/<int:pk>/reply/", motions.reply, name="sending_reply"),
    # the events diary
    path("diary/", diary.index, name="diary"),
    path("diary/new/", diary.create, name="diary_create"),
    path("diary/<int:pk>/edit/", diary.edit, name="diary_edit"),
    path("diary/<int:year>/<int:month>.pdf", diary.month_pdf, name="diary_pdf"),
    path("diary/public.ics", diary.public_feed, name="diary_feed"),
]
