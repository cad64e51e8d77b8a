"""Long lists a page at a time: what the shared pager (templates/_pager.html) reads."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count, Window


def pager(page, query=""):
    """The context of the pager under a list shown a page at a time: `page` (a Paginator's
    page), its page numbers with the far ones elided, and `query`, the list's other
    parameters for the pages' links (ending in "&")."""
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return {"page": page, "page_range": numbers, "query": query}


class CountedPaginator(Paginator):
    """A Paginator told its count, so that it asks no COUNT of its own: for a list whose count
    is known already, or is cheaper to take from a plainer query than the rows' own (one that
    joins only what the filter needs)."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count


class UpTo(int):
    """A count taken up to `cap` and one more, so that reading it stays bounded however many
    rows the table holds; as text, the number, or "more than" the cap."""

    def __new__(cls, n, cap):
        count = super().__new__(cls, n)
        count.cap = cap
        return count

    @property
    def over(self):
        return self > self.cap

    def __str__(self):
        return f"more than {self.cap:,}" if self.over else f"{int(self):,}"


def count_up_to(queryset, cap):
    """How many rows `queryset` holds, counted up to `cap` and one more (UpTo)."""
    return UpTo(queryset.order_by()[: cap + 1].count(), cap)


def first_and_count(queryset, n):
    """([the first `n` rows of `queryset`], how many rows it holds), from one query: the count
    is a window over every row the filter keeps, taken before the limit (a panel showing the
    newest few and "N more" asked a COUNT of its own). Not for a distinct queryset: the
    window counts the rows before DISTINCT."""
    rows = list(queryset.annotate(listed_in_all=Window(Count("pk")))[:n])
    return rows, rows[0].listed_in_all if rows else 0
