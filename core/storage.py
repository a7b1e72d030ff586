"""Where generated documents (PDF exports) are kept: ``storages["documents"]``.

A local folder (``PRIVATE_MEDIA_ROOT``) by default; an S3-compatible object store when
``DOCUMENTS_S3_BUCKET`` is set (settings/base.py), so that every web process and worker,
on any machine, reads what any of them wrote. Neither is served under a URL: downloads go
through the views, which check who is asking.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A local folder whose files appear whole or not at all.

    Each file is written under a temporary name and renamed into place, so a process
    killed mid-write leaves only its own ``.partial`` file; a name is written again in
    place rather than given a suffix (a render run twice keeps one file)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_overwrite", True)
        super().__init__(**kwargs)

    # Read on each use, not cached: tests and scripts point PRIVATE_MEDIA_ROOT elsewhere.
    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def _save(self, name, content):
        target = Path(self.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", suffix=".partial", delete=False
        )
        try:
            with handle:
                for chunk in content.chunks():
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, target)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
        return name
