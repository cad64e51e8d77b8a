"""A create form guarded by clp.core.once, to test the guard itself."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import Context, Template
from django.urls import path

from clp.core.once import submit_once
from clp.urls import urlpatterns as project
from officers.models import Person

PAGE = Template(
    "{% load once %}<form method='post'>{% csrf_token %}{% once_token %}{{ form }}<button>Add</button></form>"
)


class PersonForm(forms.Form):
    first_name = forms.CharField(max_length=20)


@submit_once
def person_add(request):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.create(first_name=form.cleaned_data["first_name"], last_name="Added")
        return redirect(f"/people/{person.pk}/")
    return HttpResponse(PAGE.render(Context({"form": form, "csrf_token": ""})))


urlpatterns = [path("people/add/", person_add), *project]
