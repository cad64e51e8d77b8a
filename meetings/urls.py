from django.urls import path

from meetings.views import actions, agenda, attendance, diary, documents, minutes, planning, standing_orders

app_name = "meetings"

urlpatterns = [
    # planning
    path("", planning.index, name="index"),
    path("plan/", planning.create, name="create"),
    path("plan/year/", planning.plan_year, name="plan_year"),
    path("<int:pk>/edit/", planning.edit, name="edit"),
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
    path("<int:pk>/circulate/", agenda.circulate, name="circulate"),
    # the meeting held: attendance
    path("<int:pk>/held/", attendance.mark_held, name="held"),
    path("<int:pk>/attendance/", attendance.attendance, name="attendance"),
    path("<int:pk>/attendance/visitors/", attendance.visitor_add, name="visitor_add"),
    path("visitors/<int:pk>/remove/", attendance.visitor_remove, name="visitor_remove"),
    # the minutes
    path("<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path("items/<int:pk>/minutes/", minutes.item_minutes, name="item_minutes"),
    path("items/<int:pk>/note/", minutes.item_note, name="item_note"),
    path("items/<int:pk>/decisions/", minutes.decision_add, name="decision_add"),
    path("<int:pk>/minutes/approve/", minutes.approve, name="approve"),
    path("<int:pk>/minutes/amend/", minutes.amend, name="amend"),
    # actions
    path("actions/", actions.tracker, name="actions"),
    path("items/<int:pk>/actions/", actions.action_add, name="action_add"),
    path("actions/<int:pk>/done/", actions.action_done, name="action_done"),
    # Standing Orders
    path("standing-orders/", standing_orders.standing_orders, name="standing_orders"),
    # documents and the calendar
    path("<int:pk>/agenda.pdf", documents.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/minutes.pdf", documents.minutes_pdf, name="minutes_pdf"),
    path("calendar/", documents.calendar, name="calendar"),
    path("calendar/reset/", documents.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", documents.feed, name="feed"),
    # the events diary
    path("diary/", diary.index, name="diary"),
    path("diary/new/", diary.create, name="diary_create"),
    path("diary/<int:pk>/edit/", diary.edit, name="diary_edit"),
    path("diary/<int:year>/<int:month>.pdf", diary.month_pdf, name="diary_pdf"),
    path("diary/public.ics", diary.public_feed, name="diary_feed"),
]
