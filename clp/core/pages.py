"""Long lists a page at a time: what the shared pager (templates/_pager.html) reads."""


def pager(page, query=""):
    """The context of the pager under a list shown a page at a time: `page` (a Paginator's
    page), its page numbers with the far ones elided, and `query`, the list's other
    parameters for the pages' links (ending in "&")."""
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return {"page": page, "page_range": numbers, "query": query}
