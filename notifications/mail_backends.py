"""A file-based e-mail backend that several worker processes can share.

Django's ``filebased.EmailBackend`` names its file from the time and ``id(self)``; forked Celery
pool processes often get the same ``id`` for the same object, so two processes may append to one
file and interleave their messages. This one adds the process id to the name and writes each
message with its separator in one ``write`` followed by a flush, so a process killed mid-batch
leaves whole messages behind (at worst one truncated tail without its separator, which readers
ignore, as an SMTP server ignores data without its final dot).

Used by the integration tests and the fan-out benchmark; also handy in a demo with a real worker
(``DJANGO_EMAIL_BACKEND=notifications.mail_backends.FileBackend``). ``DANVAN_MAIL_FILE_DELAY_MS``
makes each message take that long, like a slow mail server, so a crash test can kill a worker
while it is sure to be in the middle of a batch.
"""

from __future__ import annotations

import datetime
import os
import time

from django.core.mail.backends.filebased import EmailBackend as DjangoFileBackend

SEPARATOR = b"-" * 79


class FileBackend(DjangoFileBackend):
    def _get_filename(self) -> str:
        if self._fname is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - a file name
            self._fname = os.path.join(self.file_path, f"{stamp}-{os.getpid()}-{id(self)}.log")
        return self._fname

    delay = float(os.environ.get("DANVAN_MAIL_FILE_DELAY_MS", "0")) / 1000

    def write_message(self, message) -> None:
        if self.delay:
            time.sleep(self.delay)
        self.stream.write(message.message().as_bytes() + b"\n" + SEPARATOR + b"\n")
