"""A private Dovecot IMAP server on a free loopback port, configured from a temporary directory."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
default_internal_user = {user}
default_login_user = {user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    def __init__(self, root: Path, user: str = "support@shop.example.ir", password: str = "imap-pass"):  # noqa: S107
        self.root, self.user, self.password = root, user, password
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        account = pwd.getpwnam("dovecot") if os.geteuid() == 0 else pwd.getpwuid(os.getuid())
        for sub in ("run", "state", "home"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        (self.root / "dovecot.conf").write_text(
            CONFIG.format(
                root=self.root, user=account.pw_name, uid=account.pw_uid, gid=account.pw_gid, port=self.port
            )
        )
        if os.geteuid() == 0:
            shutil.chown(self.root / "home", account.pw_name, account.pw_gid)
            os.chmod(self.root, 0o755)  # noqa: S103 - Dovecot runs as its own user
        self.proc = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
            if self.proc.poll() is not None:
                break
        log = (self.root / "dovecot.log").read_text() if (self.root / "dovecot.log").exists() else ""
        err = self.proc.stderr.read().decode() if self.proc.poll() is not None and self.proc.stderr else ""
        self.stop()
        raise RuntimeError(f"Dovecot did not start: {err} {log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
