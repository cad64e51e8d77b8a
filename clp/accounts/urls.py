from django.urls import path

from clp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
]
