"""Atomic credential storage (PROTOCOL.md section 5): temp 0600, fsync, rename, fsync folder."""
import json
import os
import tempfile

CURRENT = "credentials.json"
PENDING = "credentials.pending.json"
ASSIGNMENT = "assignment.json"
FIELDS = ("idScope", "globalEndpoint", "registrationId", "key")


class Store:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, mode=0o700, exist_ok=True)

    def path(self, name):
        return os.path.join(self.folder, name)

    def _fsync_folder(self):
        fd = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def write_atomic(self, name, data):
        """Writes a whole JSON file or nothing: a crash leaves the old file or the new one."""
        fd, temp = tempfile.mkstemp(prefix="." + name + ".", dir=self.folder)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(data).encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            os.rename(temp, self.path(name))
        except BaseException:
            try:
                os.unlink(temp)
            except OSError:
                pass
            raise
        self._fsync_folder()

    def read(self, name):
        try:
            with open(self.path(name), "rb") as handle:
                data = json.loads(handle.read().decode("utf-8"))
        except FileNotFoundError:
            return None
        return data if isinstance(data, dict) else None

    def stage(self, credentials):
        """Writes the pending credentials and returns them as read back from disk."""
        self.write_atomic(PENDING, {k: credentials[k] for k in FIELDS})
        return self.read(PENDING)

    def commit(self):
        """Puts the pending credentials in place with one rename; False when nothing is pending."""
        if not os.path.exists(self.path(PENDING)):
            return False
        os.rename(self.path(PENDING), self.path(CURRENT))
        self._fsync_folder()
        try:
            os.unlink(self.path(ASSIGNMENT))
        except FileNotFoundError:
            pass
        return True

    def discard(self):
        try:
            os.unlink(self.path(PENDING))
        except FileNotFoundError:
            pass

    def current(self):
        return self.read(CURRENT)

    def has_pending(self):
        return os.path.exists(self.path(PENDING))
