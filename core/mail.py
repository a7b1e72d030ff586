"""Email on a developer's machine: kept in files, announced in one line.

``make run`` sends real notices (the demo shares evaluations, promotes people from
waitlists); printed whole they bury the logins and the address in MIME. Each message is
saved under ``EMAIL_FILE_PATH`` instead, and the log says so without naming anyone.
"""

import logging

from django.core.mail.backends.filebased import EmailBackend as FileBackend

logger = logging.getLogger(__name__)


class DevelopmentEmailBackend(FileBackend):
    def write_message(self, message):
        super().write_message(message)
        count = len(message.recipients())
        logger.info(
            "Email %r to %d %s saved in %s",
            message.subject,
            count,
            "person" if count == 1 else "people",
            self._fname,
        )
