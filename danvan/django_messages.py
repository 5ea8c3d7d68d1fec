"""Django's own messages that its Vietnamese catalogue lacks, so that ours translates them.

Never imported: ``makemessages`` reads this file and keeps the msgids in the project catalogue
(``locale/``), which wins over Django's. Django 5.2 rewrote the minimum-length message with
``%d`` (it was ``%(min_length)d``), and no Vietnamese translation of the new text exists.
"""

from django.utils.translation import ngettext_lazy

MESSAGES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "count",
    ),
)
