from django.urls import path

from branches import views

app_name = "branches"

urlpatterns = [
    path("", views.index, name="index"),
]
