"""The AGM: nominations, who may stand and vote, ballots and the count, and the declared
results into office. The rules of the count and of eligibility are pure functions
(`count.py`, `eligibility.py`), tested without a database; the models, services, selectors,
views and PDFs follow the app's usual shape."""
