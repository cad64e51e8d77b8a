from django.db import models
from simple_history.models import HistoricalRecords


class Branch(models.Model):
    """A branch of the CLP, usually covering a group of wards."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    contact_email = models.EmailField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "branches"

    def __str__(self):
        return self.name


class Ward(models.Model):
    """An electoral ward; each belongs to one branch (used to place members by address)."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="wards")
    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(max_length=20, blank=True, help_text="ONS ward code, e.g. E05000001")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
