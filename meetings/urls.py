from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("plan/", views.create, name="create"),
    path("plan/year/", views.plan_year, name="plan_year"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("standing-orders/", views.standing_orders, name="standing_orders"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("<int:pk>/agree/", views.agree, name="agree"),
    path("<int:pk>/circulate/", views.circulate, name="circulate"),
    path("<int:pk>/held/", views.mark_held, name="held"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/visitors/", views.visitor_add, name="visitor_add"),
    path("visitors/<int:pk>/remove/", views.visitor_remove, name="visitor_remove"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/minutes/approve/", views.approve, name="approve"),
    path("<int:pk>/minutes/amend/", views.amend, name="amend"),
    path("<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/papers/", views.paper_upload, name="paper_upload"),
    path("items/<int:pk>/minutes/", views.item_minutes, name="item_minutes"),
    path("items/<int:pk>/note/", views.item_note, name="item_note"),
    path("items/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("items/<int:pk>/actions/", views.action_add, name="action_add"),
    path("papers/<int:pk>/", views.paper_download, name="paper"),
    path("papers/<int:pk>/delete/", views.paper_delete, name="paper_delete"),
]
