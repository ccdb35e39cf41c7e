"""The kinds of project change a diff reports, named once for the diff, the history and every report.

A project is ``added``, ``removed``, ``changed`` or ``unchanged``; ``renamed``
and ``moved`` are marks on a changed project, not kinds of their own, so
"changed" means the same everywhere (renamed and moved included).
"""

from __future__ import annotations

#: A diff entry's ``change``.
KINDS = ("added", "removed", "changed", "unchanged")

#: The marks a changed project may carry (a diff entry's boolean ``renamed`` and ``moved``).
MARKS = ("renamed", "moved")

#: The keys of diff.json's ``summary`` and the history's ``<kind>_count`` columns, in the order stored.
CHANGE_KINDS = (*KINDS, *MARKS)

#: The same counts in the order people read them: the marks under "changed", unchanged last.
SUMMARY_ORDER = ("added", "removed", "changed", *MARKS, "unchanged")
