"""conditional_escape for the long lists the officers' pages write in Python."""

from django.utils.html import conditional_escape


def escaper():
    """conditional_escape remembering what it wrote, for one page: the names, labels and
    figures of a long list repeat from row to row, and an escape is some fifteen calls."""
    done = {}

    def escaped(text):
        if type(text) is not str:  # a safe string equals the plain one it escapes nothing of
            return conditional_escape(text)
        found = done.get(text)
        if found is None:
            found = done[text] = conditional_escape(text)
        return found

    return escaped
