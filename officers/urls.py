from django.urls import path

from officers import plan_views, views
from officers.elections import views as agm

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
    path("agms/", agm.agm_list, name="agm_list"),
    path("agms/new/", agm.agm_new, name="agm_new"),
    path("agms/<int:pk>/", agm.agm_detail, name="agm_detail"),
    path("agms/<int:pk>/publish/", agm.agm_publish, name="agm_publish"),
    path("agms/<int:pk>/voters/", agm.agm_voters, name="agm_voters"),
    path("agms/<int:pk>/into-office/", agm.agm_into_office, name="agm_into_office"),
    path("agms/<int:pk>/nominations.pdf", agm.agm_nominations_pdf, name="agm_nominations_pdf"),
    path("agms/<int:pk>/declaration.pdf", agm.agm_declaration_pdf, name="agm_declaration_pdf"),
    path("agms/contests/<int:pk>/", agm.contest_ballot, name="contest_ballot"),
    path("agms/contests/<int:pk>/settings/", agm.contest_edit, name="contest_edit"),
    path("agms/contests/<int:pk>/nominate/", agm.nomination_new, name="nomination_new"),
    path("agms/contests/<int:pk>/lot/", agm.lot_new, name="lot_new"),
    path("agms/contests/<int:pk>/declare/", agm.contest_declare, name="contest_declare"),
    path("agms/contests/<int:pk>/ballot-<int:number>.pdf", agm.contest_ballot_pdf, name="contest_ballot_pdf"),
    path("agms/nominations/<int:pk>/consent/", agm.nomination_consent, name="nomination_consent"),
    path("agms/nominations/<int:pk>/override/", agm.nomination_override, name="nomination_override"),
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
    # the development plan
    path("plan/", plan_views.index, name="plan"),
    path("plan/new/", plan_views.plan_new, name="plan_new"),
    path("plan/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plan/<int:pk>/objectives/", plan_views.objective_add, name="objective_add"),
    path("plan/<int:pk>/targets/new/", plan_views.target_add, name="target_add"),
    path("targets/<int:pk>/", plan_views.target_detail, name="target"),
    path("targets/<int:pk>/progress/", plan_views.target_update, name="target_update"),
]
