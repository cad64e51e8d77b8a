"""A day and a sum of money written as the finance templates write them ("2 Mar 2025",
"£1,200.00": the en-GB `date:"j M Y"` and `floatformat:"2g"`), for the long lists: worked out
once a row in Python instead of a template filter a cell (a filter costs some 40 µs; a hundred
groups' filters were 60 ms of the quarterly report page). Their links: clp.core.links."""

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day(on, months=MONTHS):
    """2 Mar 2025 (with LONG_MONTHS: 2 March 2025)."""
    return f"{on.day} {months[on.month - 1]} {on.year}"


def money(amount):
    """£1,200.00"""
    return f"£{amount:,.2f}"
