import factory

from branches.models import Branch, Ward


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Branch {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")
