"""The parsing behind the mail, PAM and passwd-file checks, against a fake server's files."""

import pytest

from maillab.checks import _mailbox, _pam, dovecot_auth
from maillab.target import Endpoint, Target


class _Result:
    def __init__(self, stdout: str = "", rc: int = 0):
        self.stdout, self.stderr, self.rc = stdout, "", rc


class FakeHost:
    """Answers `cat`, `tail -n +1` and `doveconf -n` from a dict of files, like a server would."""

    def __init__(self, files: dict[str, str], doveconf: str = ""):
        self.files, self.doveconf = files, doveconf

    def run(self, command: str, *args: str) -> _Result:
        if command == "cat -- %s":
            text = self.files.get(args[0])
            return _Result(text or "", 0 if text is not None else 1)
        if command == "tail -n +1 -- %s/*":
            found = sorted(path for path in self.files if path.startswith(args[0] + "/"))
            return _Result("".join(f"==> {path} <==\n{self.files[path]}" for path in found))
        if command == "doveconf -n":
            return _Result(self.doveconf)
        raise AssertionError(f"unexpected command {command!r}")


def _target(files: dict[str, str], doveconf: str = "") -> Target:
    return Target(FakeHost(files, doveconf), lambda port: Endpoint("127.0.0.1", port))


@pytest.mark.parametrize(
    ("value", "fmt", "root", "inbox"),
    [
        ("mbox:~/mail:INBOX=/var/mail/%u", "mbox", "~/mail", "/var/mail/%u"),
        ("maildir:~/Maildir:LAYOUT=fs", "maildir", "~/Maildir", None),
        ("Maildir:%h/Maildir", "maildir", "%h/Maildir", None),
    ],
)
def test_mail_location_is_split_into_format_root_and_options(value, fmt, root, inbox):
    location = _mailbox.Location.parse(value)
    assert (location.format, location.root, location.options.get("INBOX")) == (fmt, root, inbox)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("~/Maildir", "/home/alice/Maildir"),
        ("%h/Maildir/", "/home/alice/Maildir"),
        ("/var/mail/%u", "/var/mail/alice"),
        ("/var/mail/%{user}", "/var/mail/alice"),
        ("/home/student/mail", "/home/student/mail"),
    ],
)
def test_expansion_follows_dovecot_variables(path, expected):
    assert _mailbox.expand(path, "alice", "/home/alice") == expected


@pytest.mark.parametrize(
    ("args", "service"),
    [("", "dovecot"), ("%s", "imap"), ("session=yes dovecot", "dovecot"), ("failure_show_msg=yes mail", "mail")],
)
def test_pam_service_is_the_last_plain_word_of_the_args(args, service):
    assert _pam.service_name(args, "imap") == service


DEBIAN = {
    "/etc/pam.d/common-auth": "auth [success=1 default=ignore] pam_unix.so nullok\nauth requisite pam_deny.so\n",
    "/etc/pam.d/common-account": "account [success=1 new_authtok_reqd=done default=ignore] pam_unix.so\n",
}


@pytest.mark.parametrize(
    ("service_file", "kind", "reached", "words"),
    [
        ("@include common-auth\n@include common-account\n", "auth", True, "pam_unix.so ([success=1 default=ignore])"),
        ("@include common-auth\n@include common-account\n", "account", True, "common-account"),
        ("auth substack common-auth\n", "auth", True, "common-auth"),
        ("# auth only\n@include common-auth\n", "account", False, "no rules of this kind"),
        ("auth sufficient pam_permit.so\n@include common-auth\n", "auth", False, "lets anyone pass"),
        ("account required pam_permit.so\n", "account", False, "never appears"),
        ("auth required /lib/x86_64-linux-gnu/security/pam_unix.so\n", "auth", True, "pam_unix.so (required)"),
    ],
)
def test_pam_stacks_are_followed_through_includes(service_file, kind, reached, words):
    target = _target({**DEBIAN, "/etc/pam.d/dovecot": service_file})
    ok, why = _pam.reaches_unix(_pam.rules(target, "dovecot", kind))
    assert ok is reached and words in why


PASSDB = """passdb {
  driver = pam
}
passdb {
  args = scheme=CRYPT username_format=%u /etc/dovecot/users
  driver = passwd-file
}
"""


@pytest.mark.parametrize(
    ("users", "passed", "words"),
    [
        ("carol:{CRAM-MD5}a1b2:5000:5000::/var/vmail/carol::\n", True, "1 entries"),
        ("# comment\ncarol:{PLAIN}secret:5000:5000::/x::\n", False, "users:2: carol's password is stored as cleartext"),
        ("dave:{CLEARTEXT}x:5000:5000::/x::\n", False, "cleartext ({CLEARTEXT})"),
        ("", False, "holds no users"),
    ],
)
def test_passwd_file_judgement(users, passed, words):
    target = _target({"/etc/dovecot/users": users}, PASSDB)
    outcome = dovecot_auth.passwd_file_hashed(target)
    assert outcome.passed is passed and words in outcome.message
