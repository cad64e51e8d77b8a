"""A factory for every model of ours, and each one builds a valid, saved object."""

import importlib
import pkgutil

import factory
import pytest
from django.apps import apps

import tests.factories as factories_pkg

OUR_APPS = {"accounts", "core", "notifications", "branches", "officers", "meetings", "finance"}


def _factories():
    found = {}
    for info in pkgutil.iter_modules(factories_pkg.__path__):
        module = importlib.import_module(f"tests.factories.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory):
                model = value._meta.model
                if model is not None:
                    found.setdefault(model, value)
    return found


FACTORIES = _factories()
MODELS = [
    m for m in apps.get_models() if m._meta.app_label in OUR_APPS and not m.__name__.startswith("Historical")
]


def test_every_model_has_a_factory():
    missing = sorted(f"{m._meta.app_label}.{m.__name__}" for m in MODELS if m not in FACTORIES)
    assert not missing, f"Models with no factory in tests/factories/: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", [m for m in MODELS if m in FACTORIES], ids=lambda m: m.__name__)
def test_factory_builds_a_valid_object(model):
    obj = FACTORIES[model]()
    obj.full_clean()
    assert model.objects.filter(pk=obj.pk).exists()
