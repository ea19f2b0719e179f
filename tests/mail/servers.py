"""Real mail servers for the email-channel tests: a private dovecot (IMAPS) and an aiosmtpd SMTP server.

Dovecot comes from Debian (`bash scripts/install-mail-servers.sh`). Without it the IMAP tests skip, except
under CI=true, where a missing dovecot is a failure. One dovecot instance serves the whole session (it
takes a moment to start); every test gets a user of its own, so mailboxes never leak between tests.
"""

import contextlib
import ctypes
import datetime
import imaplib
import ipaddress
import itertools
import os
import pwd
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

import pytest

DOVECOT = Path(os.environ.get("DOVECOT", "/usr/sbin/dovecot"))
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
INSTALL_HINT = "run `bash scripts/install-mail-servers.sh`"
LOCALHOST = "127.0.0.1"
START_TIMEOUT = 20.0


def free_port() -> int:
    """A port nobody listens on right now (the server binding it later may still race; callers retry)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCALHOST, 0))
        return int(sock.getsockname()[1])


def _port_accepts(port: int) -> bool:
    try:
        socket.create_connection((LOCALHOST, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def write_self_signed_certificate(cert_path: Path, key_path: Path) -> None:
    """A throwaway certificate for 127.0.0.1 and localhost, so clients can verify it with `ca_file`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    # EC keys generate in microseconds; RSA-2048 would cost a noticeable slice of fixture setup.
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(LOCALHOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)


def _stop_with_parent() -> None:
    """Runs in the child before exec: if pytest is killed outright, the kernel sends dovecot SIGTERM."""
    # Outside Linux there is no prctl; teardown still stops dovecot on every normal exit.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM


def _require_dovecot() -> None:
    if DOVECOT.exists():
        return
    message = f"dovecot is not installed at {DOVECOT}; {INSTALL_HINT}"
    if CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class _Accounts:
    """Who dovecot's processes run as.

    Started by an ordinary user, dovecot runs everything as that user. Started by root (CI containers),
    it refuses to run login processes or mail access as root, so those use the unprivileged users that
    Debian's package creates.
    """

    login_user: str
    internal_user: str
    internal_group: str
    mail_uid: int
    mail_gid: int

    @classmethod
    def for_current_process(cls) -> "_Accounts":
        if os.geteuid() != 0:
            me = pwd.getpwuid(os.geteuid())
            group = _group_name(os.getegid())
            return cls(me.pw_name, me.pw_name, group, me.pw_uid, os.getegid())
        try:
            dovecot = pwd.getpwnam("dovecot")
            pwd.getpwnam("dovenull")
        except KeyError:
            pytest.fail(
                "dovecot runs as root here but the `dovecot`/`dovenull` users are missing; " + INSTALL_HINT,
                pytrace=False,
            )
        return cls("dovenull", "dovecot", _group_name(dovecot.pw_gid), dovecot.pw_uid, dovecot.pw_gid)


def _group_name(gid: int) -> str:
    import grp

    return grp.getgrgid(gid).gr_name


class DovecotInstance:
    """One private dovecot master: its own config, sockets, state, log and mail under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.accounts = _Accounts.for_current_process()
        self.users_dir = root / "users"
        self.mail_root = root / "mail"
        self.config_file = root / "dovecot.conf"
        self.log_file = root / "dovecot.log"
        self.ca_file = root / "cert.pem"
        self.key_file = root / "key.pem"
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._users = itertools.count(1)
        self._users_lock = threading.Lock()

    def start(self) -> None:
        for directory in (self.root / "run", self.root / "state", self.users_dir, self.mail_root):
            directory.mkdir()
        # Mail is read and written by the mail user, which is not the current one when running as root.
        os.chown(self.mail_root, self.accounts.mail_uid, self.accounts.mail_gid)
        self.root.chmod(0o711)
        write_self_signed_certificate(self.ca_file, self.key_file)
        # Another process may grab the free port between our probe and dovecot's bind; try again then.
        for _attempt in range(3):
            self.port = free_port()
            self.config_file.write_text(self._config())
            self.process = subprocess.Popen(
                [str(DOVECOT), "-F", "-c", str(self.config_file)],
                preexec_fn=_stop_with_parent,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            if self._wait_until_listening():
                return
            self.stop()
        raise RuntimeError(f"dovecot did not start listening on {LOCALHOST}:{self.port}:\n{self.log_tail()}")

    def _wait_until_listening(self) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if _port_accepts(self.port):
                return True
            time.sleep(0.02)
        return False

    def stop(self) -> None:
        if self.process is None:
            return
        # The master stops its children (login, auth, imap) before it exits on SIGTERM.
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stderr is not None:
            stderr = self.process.stderr.read().decode(errors="replace")
            self.process.stderr.close()
            if stderr.strip():
                with self.log_file.open("a") as log:
                    log.write(stderr)
        self.process = None

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_file.exists():
            return "(no dovecot log)"
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])

    def add_user(self) -> tuple[str, str]:
        """A fresh account with an empty mailbox.

        One passwd-file per user: dovecot notices a changed passwd-file by its mtime in whole seconds,
        so a user appended to a shared file within the same second as the last change stays unknown.
        """
        with self._users_lock:
            username = f"customer{next(self._users)}"
        password = secrets.token_urlsafe(12)
        home = self.mail_root / username
        (self.users_dir / username).write_text(
            f"{username}:{{PLAIN}}{password}:{self.accounts.mail_uid}:{self.accounts.mail_gid}::{home}::\n"
        )
        return username, password

    def _config(self) -> str:
        accounts = self.accounts
        root = self.root
        return f"""\
protocols = imap
listen = {LOCALHOST}
base_dir = {root}/run
state_dir = {root}/state
log_path = {self.log_file}
instance_name = cryptodesk-test-imap
default_internal_user = {accounts.internal_user}
default_internal_group = {accounts.internal_group}
default_login_user = {accounts.login_user}
first_valid_uid = {accounts.mail_uid}
first_valid_gid = {accounts.mail_gid}
ssl = required
ssl_cert = <{self.ca_file}
ssl_key = <{self.key_file}
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
mail_location = maildir:{self.mail_root}/%u/Maildir
mail_fsync = never
# Tests that try a wrong password should not wait for the anti-brute-force delays.
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.users_dir}/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.users_dir}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {self.port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


_MAILBOX_ATOM = re.compile(r"^[A-Za-z0-9_.\-/]+$")


def _mailbox(name: str) -> str:
    """imaplib sends arguments as they are; a name with spaces must be quoted (non-ASCII is refused)."""
    if not name.isascii():
        raise ValueError(f"only ASCII folder names are supported here: {name!r}")
    if _MAILBOX_ATOM.match(name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ok(result: tuple[str, Any], what: str) -> Any:
    status, data = result
    if status != "OK":
        raise AssertionError(f"IMAP {what} failed: {status} {data!r}")
    return data


@dataclass
class ImapServer:
    """A dovecot account over IMAPS (implicit TLS) with helpers that speak IMAP like any client."""

    host: str
    port: int
    username: str
    password: str
    ca_file: str
    log_file: str

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    def connect(self) -> imaplib.IMAP4_SSL:
        """A logged-in imaplib client; the caller logs out."""
        client = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=self.ssl_context(), timeout=10)
        _ok(client.login(self.username, self.password), "LOGIN")
        return client

    def append(self, raw: bytes, folder: str = "INBOX") -> int:
        """Store a raw message in `folder`; returns its UID (dovecot answers APPEND with APPENDUID)."""
        client = self.connect()
        try:
            data = _ok(client.append(_mailbox(folder), "", None, raw), "APPEND")
        finally:
            client.logout()
        appended = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
        assert appended is not None, f"APPEND gave no APPENDUID: {data!r}"
        return int(appended.group(1))

    def fetch_flags(self, folder: str = "INBOX") -> dict[int, set[str]]:
        """Flags of every message in `folder` by UID, e.g. `{1: {"\\Seen"}}`."""
        client = self.connect()
        try:
            _ok(client.select(_mailbox(folder), readonly=True), "SELECT")
            data = _ok(client.uid("FETCH", "1:*", "(UID FLAGS)"), "FETCH")
        finally:
            client.logout()
        flags: dict[int, set[str]] = {}
        for item in data:
            line = item[0] if isinstance(item, tuple) else item
            if not line:
                continue
            uid = re.search(rb"UID (\d+)", line)
            names = re.search(rb"FLAGS \(([^)]*)\)", line)
            if uid and names:
                # \Recent only says which session saw the message first; it is not something a client sets.
                flags[int(uid.group(1))] = set(names.group(1).decode().split()) - {"\\Recent"}
        return flags

    def list_folder(self, folder: str = "INBOX") -> list[bytes]:
        """Every message in `folder`, raw bytes as stored, in UID order."""
        client = self.connect()
        try:
            _ok(client.select(_mailbox(folder), readonly=True), "SELECT")
            data = _ok(client.uid("FETCH", "1:*", "(UID BODY.PEEK[])"), "FETCH")
        finally:
            client.logout()
        messages: list[tuple[int, bytes]] = []
        for item in data:
            if isinstance(item, tuple):
                uid = re.search(rb"UID (\d+)", item[0])
                assert uid is not None, item[0]
                messages.append((int(uid.group(1)), item[1]))
        return [raw for _uid, raw in sorted(messages)]

    def create_folder(self, name: str) -> None:
        client = self.connect()
        try:
            _ok(client.create(_mailbox(name)), "CREATE")
        finally:
            client.logout()


@pytest.fixture(scope="session")
def dovecot_instance() -> Iterator[DovecotInstance]:
    _require_dovecot()
    # Not pytest's tmp_path: unix socket paths under base_dir must stay short (108 bytes), and the
    # directory must be traversable by dovecot's own users when the tests run as root.
    root = Path(tempfile.mkdtemp(prefix="cryptodesk-imap-"))
    instance = DovecotInstance(root)
    try:
        instance.start()
        yield instance
    finally:
        instance.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap_server(dovecot_instance: DovecotInstance) -> ImapServer:
    """A dovecot IMAPS account with an empty INBOX, for this test only."""
    username, password = dovecot_instance.add_user()
    return ImapServer(
        host=LOCALHOST,
        port=dovecot_instance.port,
        username=username,
        password=password,
        ca_file=str(dovecot_instance.ca_file),
        log_file=str(dovecot_instance.log_file),
    )


@dataclass(frozen=True)
class ReceivedMail:
    """One SMTP transaction as the server saw it: the envelope and the message bytes after DATA."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return cast(EmailMessage, message_from_bytes(self.raw, policy=policy.default))


@dataclass
class _Recorder:
    """aiosmtpd handler: records deliveries, or refuses the next N with a temporary error."""

    received: list[ReceivedMail] = field(default_factory=list)
    failures_left: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.failures_left > 0:
                self.failures_left -= 1
                return "451 4.3.0 Temporary local problem, please try again later"
            content = envelope.original_content or envelope.content
            raw = content if isinstance(content, bytes) else str(content).encode()
            self.received.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), raw))
        return "250 2.0.0 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on 127.0.0.1 (aiosmtpd in a background thread) that keeps what it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self._recorder = _Recorder()
        self.host = LOCALHOST
        self.port = 0
        self._controller: Any = None
        for _attempt in range(3):
            port = free_port()
            controller = Controller(self._recorder, hostname=LOCALHOST, port=port, ready_timeout=10)
            try:
                controller.start()
            except (TimeoutError, OSError, RuntimeError):
                continue
            self._controller, self.port = controller, port
            return
        raise RuntimeError("could not start the test SMTP server on a free port")

    @property
    def messages(self) -> list[ReceivedMail]:
        """Deliveries so far, oldest first (a snapshot, safe to read while the server runs)."""
        with self._recorder.lock:
            return list(self._recorder.received)

    def fail_next(self, n: int) -> None:
        """Answer the next `n` deliveries with `451 4.3.0` (a temporary failure the sender should retry)."""
        with self._recorder.lock:
            self._recorder.failures_left = n

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """Point Django's SMTP backend here with `settings.EMAIL_HOST`/`EMAIL_PORT` = `.host`/`.port`."""
    server = SmtpServer()
    try:
        yield server
    finally:
        server.stop()
