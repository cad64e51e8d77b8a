from django.urls import path

from branches import followup_views, views

app_name = "branches"

urlpatterns = [
    path("", views.index, name="index"),
    path("directory/", views.directory, name="directory"),
    path("directory/directory.csv", views.directory_csv, name="directory_csv"),
    path("directory/directory.pdf", views.directory_pdf, name="directory_pdf"),
    path("directory/my-details/", views.directory_choice, name="directory_choice"),
    path("affiliates/", views.affiliates, name="affiliates"),
    path("affiliates/new/", views.affiliate_create, name="affiliate_create"),
    path("affiliates/<int:pk>/delegates/new/", views.delegate_add, name="delegate_add"),
    path("affiliates/delegates/<int:pk>/end/", views.delegate_end, name="delegate_end"),
    path("membership-reports/", views.import_upload, name="import_upload"),
    path("membership-reports/<int:pk>/", views.import_detail, name="import_detail"),
    path("membership-reports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("membership-reports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("mailings/", views.mailing_list, name="mailing_list"),
    path("mailings/new/", views.mailing_create, name="mailing_create"),
    path("mailings/<int:pk>/", views.mailing_detail, name="mailing_detail"),
    path("mailings/<int:pk>/edit/", views.mailing_edit, name="mailing_edit"),
    path("mailings/<int:pk>/send/", views.mailing_send, name="mailing_send"),
    path("mailings/<int:pk>/progress/", views.mailing_progress, name="mailing_progress"),
    path("mailings/<int:pk>/attachments/new/", views.mailing_attachment_add, name="mailing_attachment_add"),
    path("mailings/attachments/<int:pk>/", views.mailing_attachment, name="mailing_attachment"),
    path(
        "mailings/attachments/<int:pk>/remove/",
        views.mailing_attachment_remove,
        name="mailing_attachment_remove",
    ),
    path("follow-ups/", followup_views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:pk>/", followup_views.follow_up, name="follow_up"),
    path("follow-ups/<int:pk>/assign/", followup_views.follow_up_assign, name="follow_up_assign"),
    path("follow-ups/<int:pk>/contacts/new/", followup_views.follow_up_contact, name="follow_up_contact"),
    # Last, so that a branch's slug never hides the pages above.
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/follow-ups/new/", followup_views.follow_up_new, name="follow_up_new"),
    path("<slug:slug>/members-to-contact.csv", followup_views.contacts_csv, name="contacts_csv"),
    path("<slug:slug>/call-sheet.pdf", followup_views.call_sheet, name="call_sheet"),
]
