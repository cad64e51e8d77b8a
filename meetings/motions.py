"""The rules of motions as plain functions over plain data: tested without a database.

- a motion's text as numbered lines (each paragraph wrapped at LINE_WIDTH characters, as a
  printed motions booklet numbers them), and back to text;
- an amendment on numbered lines (insert after a line, delete lines, replace lines), checked
  against the lines that exist, applied to the text, and shown as a change;
- conflicts: amendments that touch the same lines;
- the deadline for motions before a meeting (days before it, from the Standing Orders), and
  the word count that limits are judged by.

Line numbers always refer to the motion as submitted, so several amendments that do not
conflict can be applied together (the motion as amended).
"""

import datetime
import hashlib
import re
import textwrap
from dataclasses import dataclass

LINE_WIDTH = 80

INSERT, DELETE, REPLACE = "insert", "delete", "replace"


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    ends_paragraph: bool = True


@dataclass(frozen=True)
class Change:
    """An amendment's change: `insert` puts `text` after line `first` (0: before line 1);
    `delete` removes lines first..last; `replace` puts `text` in place of lines first..last."""

    op: str
    first: int
    last: int = 0
    text: str = ""

    @property
    def end(self):
        return self.first if self.op == INSERT else max(self.first, self.last)


def paragraphs(text):
    """The paragraphs of `text`: each non-blank line, with its spaces collapsed."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def numbered_lines(text, width=LINE_WIDTH):
    """The motion's lines, numbered from 1: each paragraph wrapped at `width` characters."""
    lines = []
    for paragraph in paragraphs(text):
        wrapped = textwrap.wrap(paragraph, width=width, break_long_words=True, break_on_hyphens=False)
        for i, part in enumerate(wrapped):
            lines.append(Line(len(lines) + 1, part, ends_paragraph=i == len(wrapped) - 1))
    return lines


def text_of(pieces):
    """Text from (text, ends_paragraph) pieces: a paragraph's pieces joined by spaces,
    paragraphs by new lines."""
    out, current = [], []
    for text, ends in pieces:
        if text:
            current.append(text)
        if ends and current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return "\n".join(out)


def word_count(text):
    return len(re.findall(r"\S+", text or ""))


def digest(text):
    """What makes two submissions the same motion: the words, whatever the spacing or case."""
    return hashlib.sha256(" ".join((text or "").lower().split()).encode()).hexdigest()


# --- Checking an amendment ---------------------------------------------------------------


def problems(change, line_count):
    """Plain-English reasons `change` cannot apply to a motion of `line_count` lines; [] if none."""
    found = []
    if change.op not in (INSERT, DELETE, REPLACE):
        return ["An amendment inserts, deletes or replaces lines."]
    if change.op == INSERT:
        if change.first < 0 or change.first > line_count:
            found.append(
                f"The motion has {line_count} lines: text can be inserted after line 0 (at the start) "
                f"to line {line_count}, not after line {change.first}."
            )
    else:
        last = change.last or change.first
        for n in (change.first, last):
            if n < 1 or n > line_count:
                found.append(f"The motion has {line_count} lines: there is no line {n}.")
                break
        if not found and last < change.first:
            found.append(f"Line {last} comes before line {change.first}: give the first line first.")
    if change.op in (INSERT, REPLACE) and not paragraphs(change.text):
        found.append(
            "Give the words to insert." if change.op == INSERT else "Give the words that replace the lines."
        )
    if change.op == DELETE and paragraphs(change.text):
        found.append("A deletion removes lines: leave the new words empty, or choose 'replace'.")
    return found


def conflicts(a, b):
    """True when two changes touch the same lines, so that carrying one changes what the
    other means: overlapping deletions or replacements, two insertions at the same place, or
    an insertion inside lines the other removes."""
    if a.op == INSERT and b.op == INSERT:
        return a.first == b.first
    if a.op == INSERT or b.op == INSERT:
        ins, span = (a, b) if a.op == INSERT else (b, a)
        return span.first <= ins.first < span.end
    return a.first <= b.end and b.first <= a.end


def conflicting_pairs(changes):
    """{(i, j)} of the indexes of every pair of `changes` that conflict (i < j)."""
    return {
        (i, j)
        for i in range(len(changes))
        for j in range(i + 1, len(changes))
        if conflicts(changes[i], changes[j])
    }


# --- Applying amendments -----------------------------------------------------------------


def _new_pieces(text, ends):
    parts = paragraphs(text)
    return [(p, True if k < len(parts) - 1 else ends) for k, p in enumerate(parts)]


def apply(lines, changes):
    """The text with every change applied (line numbers are those of `lines`). Refuses
    (ValueError) a change that does not fit the lines or two that conflict."""
    for change in changes:
        found = problems(change, len(lines))
        if found:
            raise ValueError(found[0])
    if conflicting_pairs(list(changes)):
        raise ValueError("Two of these amendments change the same lines.")
    by_start = sorted(changes, key=lambda c: (c.first, c.op != INSERT))
    pieces, n = [], 1
    for change in by_start:
        if change.op == INSERT:
            while n <= change.first:
                pieces.append((lines[n - 1].text, lines[n - 1].ends_paragraph))
                n += 1
            ends = lines[change.first - 1].ends_paragraph if change.first else True
            pieces += _new_pieces(change.text, ends)
        else:
            while n < change.first:
                pieces.append((lines[n - 1].text, lines[n - 1].ends_paragraph))
                n += 1
            ends = lines[change.end - 1].ends_paragraph
            if change.op == REPLACE:
                pieces += _new_pieces(change.text, ends)
            elif ends:
                pieces.append(("", True))  # the deleted lines ended a paragraph: so does what precedes
            n = change.end + 1
    while n <= len(lines):
        pieces.append((lines[n - 1].text, lines[n - 1].ends_paragraph))
        n += 1
    return text_of(pieces)


@dataclass(frozen=True)
class Row:
    """One row of a motion shown with a change: `number` None for inserted words."""

    number: int | None
    text: str
    state: str  # "kept", "deleted" or "inserted"


def marked(lines, change):
    """The motion's lines with `change` shown in place: the lines it removes marked deleted,
    its new words marked inserted (after the last line it removes, or the line it follows)."""
    rows = []
    new = [Row(None, p, "inserted") for p in paragraphs(change.text)]
    if change.op == INSERT and change.first == 0:
        rows += new
    for line in lines:
        removed = change.op != INSERT and change.first <= line.number <= change.end
        rows.append(Row(line.number, line.text, "deleted" if removed else "kept"))
        if line.number == change.end and change.op != DELETE:
            rows += new
    return rows


# --- Deadlines -----------------------------------------------------------------------------


def motion_deadline(meeting_day: datetime.date, days_before: int) -> datetime.date:
    """The last day on which a motion for a meeting on `meeting_day` is on time: `days_before`
    days before it (a motion received on that day is on time, the next day it is late)."""
    return meeting_day - datetime.timedelta(days=days_before)


def is_late(received_on: datetime.date, deadline: datetime.date) -> bool:
    return received_on > deadline
