from django.urls import path

from finance import budget_views, views

app_name = "finance"

urlpatterns = [
    path("", views.index, name="index"),
    path("donations/", views.donations, name="donations"),
    path("donations/new/", views.donation_new, name="donation_new"),
    path("donations/<int:pk>/", views.donation_detail, name="donation"),
    path("donations/<int:pk>/edit/", views.donation_edit, name="donation_edit"),
    path("donations/<int:pk>/check/", views.donation_check, name="donation_check"),
    path("sources/", views.sources, name="sources"),
    path("sources/new/", views.source_new, name="source_new"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("loans/", views.loans, name="loans"),
    path("loans/new/", views.loan_new, name="loan_new"),
    path("loans/<int:pk>/", views.loan_detail, name="loan"),
    path("loans/<int:pk>/edit/", views.loan_edit, name="loan_edit"),
    path("loans/<int:pk>/changes/new/", views.loan_change_new, name="loan_change_new"),
    path("totals/", views.totals, name="totals"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:year>/q<int:quarter>/", views.report, name="report"),
    path("reports/<int:year>/q<int:quarter>/groups/", views.report_groups, name="report_groups"),
    path("reports/<int:year>/q<int:quarter>/report.<str:fmt>", views.report_export, name="report_export"),
    path("reports/<int:year>/q<int:quarter>/submit/", views.report_submit, name="report_submit"),
    path("reports/submitted/<int:pk>/report.<str:fmt>", views.report_file, name="report_file"),
    path("accounts/", views.accounts, name="accounts"),
    path("entries/", views.entries, name="entries"),
    path("entries/new/", views.entry_new, name="entry_new"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("bank/", views.bank, name="bank"),
    path("bank/new/", views.bank_new, name="bank_new"),
    path("bank/<int:pk>/edit/", views.bank_edit, name="bank_edit"),
    path("bank/<int:pk>/signatories/", views.signatory_add, name="signatory_add"),
    path("bank/signatories/<int:pk>/remove/", views.signatory_remove, name="signatory_remove"),
    # the budget and the Treasurer's report against it
    path("budget/", budget_views.budgets, name="budgets"),
    path("budget/new/", budget_views.budget_new, name="budget_new"),
    path("budget/<int:year>/", budget_views.budget_edit, name="budget"),
    path("budget/<int:year>/lines/", budget_views.budget_line, name="budget_line"),
    path("budget/<int:year>/agree/", budget_views.budget_agree, name="budget_agree"),
    path("budget/<int:year>/report/", budget_views.budget_report, name="budget_report"),
    path("budget/<int:year>/report.pdf", budget_views.budget_report_pdf, name="budget_report_pdf"),
]
