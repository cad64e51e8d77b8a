from django.urls import path

from officers import views

app_name = "officers"

urlpatterns = [
    path("", views.index, name="index"),
    path("posts/new/", views.post_new, name="post_new"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/terms/new/", views.term_new, name="term_new"),
    path("terms/<int:pk>/end/", views.term_end, name="term_end"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("agm/", views.agm, name="agm"),
    path("check/", views.check, name="check"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_new, name="rule_new"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("lapses/<int:pk>/seen/", views.lapse_seen, name="lapse_seen"),
    path("role-changes/", views.role_changes, name="role_changes"),
    path("role-changes/role-changes.csv", views.role_changes_csv, name="role_changes_csv"),
    path("role-changes/role-changes.pdf", views.role_changes_pdf, name="role_changes_pdf"),
    path("role-changes/done/", views.role_changes_done, name="role_changes_done"),
    path("handovers/", views.handovers, name="handovers"),
    path("handovers/<int:pk>/done/", views.handover_done, name="handover_done"),
]
