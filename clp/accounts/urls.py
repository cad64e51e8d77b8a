from django.urls import path

from clp.accounts import views
from clp.accounts.limits import limit_two_factor

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("two-factor/set-up/", limit_two_factor(views.two_factor_setup), name="two_factor_setup"),
    path("two-factor/verify/", limit_two_factor(views.two_factor_verify), name="two_factor_verify"),
    path("two-factor/off/", views.two_factor_disable, name="two_factor_disable"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("recovery-codes/new/", views.recovery_codes_regenerate, name="recovery_codes_regenerate"),
    path("my-data.json", views.my_data_json, name="my_data_json"),
    path("my-data.csv", views.my_data_csv, name="my_data_csv"),
    path("audit/", views.audit, name="audit"),
]
