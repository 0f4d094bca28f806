"""Dovecot checks of mail storage: where mail lives, who owns it, what an IMAP client sees and creates."""

import secrets

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target

from . import _mailbox, _protocol


@check
def location(
    target: Target,
    users: list[str],
    format: str = "maildir",
    root: str = "~/Maildir",
    inbox: str | None = None,
    protocol: str = "imap",
) -> Outcome:
    """The location Dovecot serves INBOX from over `protocol` has this format and, expanded for
    each user, this root (and INBOX).

    It reads the value in force for that protocol and user: the inbox namespace's own `location`,
    else the userdb's mail field (override_fields), else mail_location as a `protocol` block
    filters it. The labs prove the behaviour with delivery checks; this one names the line.

    Example::

        - {id: mail-location, check: dovecot_mail.location, with: {format: maildir, root: ~/Maildir, users: [student,
           alice]}, points: 3}
    """
    wanted = {"mail": root} | ({"INBOX": inbox} if inbox else {})
    shown = set()
    for user in users:
        parsed, seen = _mailbox.location(target, protocol, user)
        shown.add(seen)
        if parsed is None and seen.startswith("doveconf cannot"):
            return failed(seen)
        if parsed is None:
            return failed(f"{seen}; Dovecot has to guess where mail is")
        if parsed.format != format.lower():
            return failed(f"{seen}; expected the {format} format")
        user_home = _mailbox.home(target, user)
        if user_home is None:
            return failed(f"no user {user} in the passwd database")
        for part, pattern in wanted.items():
            actual = parsed.root if part == "mail" else parsed.options.get("INBOX", "")
            got, expected = (_mailbox.expand(p, user, user_home) for p in (actual, pattern))
            if got != expected:
                return failed(f"{seen} puts {user}'s {part} at {got or '(nothing)'}; expected {expected}")
    return passed(f"{'; '.join(sorted(shown))}: right for {', '.join(users)}")


_WRITE_AND_REMOVE = 'file="$1/maillab-write-test.$$" && : > "$file" && rm -f -- "$file"'


@check
def maildir_layout(target: Target, users: list[str], path: str = "~/Maildir") -> Outcome:
    """Each user's Maildir has cur/, new/ and tmp/, owned by that user, and the user really can
    write a file in tmp/ (tried as the user), as delivery and IMAP will.

    Example::

        - {id: maildir-owned, check: dovecot_mail.maildir_layout, with: {users: [student, alice], path: ~/Maildir},
           points: 2}
    """
    checked = []
    for user in users:
        user_home = _mailbox.home(target, user)
        if user_home is None:
            return failed(f"no user {user} in the passwd database")
        folder = _mailbox.expand(path, user, user_home)
        wanted = [folder + sub for sub in ("", "/cur", "/new", "/tmp")]
        result = target.host.run("stat -c '%%n|%%F|%%a|%%U:%%G' -- %s %s %s %s", *wanted)
        facts = dict(line.split("|", 1) for line in result.stdout.splitlines() if "|" in line)
        for item in wanted:
            if item not in facts:
                return failed(f"{item} does not exist")
            kind, mode, owner = facts[item].split("|")
            seen = f"{item} is {kind} {int(mode, 8):04o} {owner}"
            if kind != "directory":
                return failed(f"{seen}; it must be a directory")
            if owner.split(":")[0] != user:
                return failed(f"{seen}; it must be owned by {user}")
            if int(mode, 8) & 0o700 != 0o700:
                return failed(f"{seen}; its owner needs rwx")
        wrote = target.host.run("runuser -u %s -- sh -c %s sh %s", user, _WRITE_AND_REMOVE, folder + "/tmp")
        if wrote.rc != 0:
            return failed(f"{user} cannot write in {folder}/tmp: {(wrote.stderr or wrote.stdout).strip()[:160]}")
        checked.append(folder)
    return passed(f"cur/, new/ and tmp/ exist and belong to their users in {', '.join(checked)}")


@check
def visible(
    target: Target,
    subject: str,
    user: str = "student",
    password: str = "student",
    port: int = 143,
    tls: str = "starttls",
    mailbox: str = "INBOX",
) -> Outcome:
    """A message with this subject, already stored for `user`, shows in `mailbox` over IMAP.

    Example::

        - {id: old-mail-student, check: dovecot_mail.visible, with: {subject: 'Archived: server move plan', user:
           student, password: student}, points: 2}
    """
    report = target.client("imap", port, tls=tls, user=user, password=password, mailbox=mailbox, subject=subject)
    problem = _protocol.mailbox_problem(report, target, port, user, mailbox)
    missing = f"{user} does not see '{subject}' in {mailbox} over IMAP"
    if problem:
        return failed(f"{missing}: {problem}")
    if not report.found:
        return failed(f"{missing}: it holds {report.messages} other messages")
    return passed(f"'{subject}' shows in {user}'s {mailbox} over IMAP")


@check
def folder_created(
    target: Target,
    under: str = "~/mail",
    user: str = "student",
    password: str = "student",
    port: int = 143,
    tls: str = "starttls",
) -> Outcome:
    """A folder created over IMAP (CREATE, as the user) appears on disk under `under` (expanded for
    the user), owned by the user: the server's own action, observed where it lands.

    Example::

        - {id: folder-in-home, check: dovecot_mail.folder_created, with: {under: ~/mail, user: alice, password: alice},
           points: 2}
    """
    name = f"maillab-{secrets.token_hex(3)}"
    report = target.client("imap", port, tls=tls, user=user, password=password, create=name)
    if report.create and "ALREADYEXISTS" in report.create.reply:
        # a name just drawn cannot exist: Dovecot says so when another check's session is making
        # the user's fresh Maildir at the same moment; once it is made, a second try tells
        name = f"maillab-{secrets.token_hex(3)}"
        report = target.client("imap", port, tls=tls, user=user, password=password, create=name)
    problem = _protocol.mailbox_problem(report, target, port, user, "INBOX")
    if problem and report.create is None:
        return failed(problem)
    if not (report.create and report.create.ok):
        reply = report.create.reply if report.create else "no reply"
        return failed(f"CREATE {name} as {user} over IMAP failed: {reply}")
    user_home = _mailbox.home(target, user) or "/nonexistent"
    folder = _mailbox.expand(under, user, user_home)
    found = target.host.run("find %s -maxdepth 1 -name %s -printf '%%p %%u'", folder, f"*{name}")
    if found.rc != 0 or not found.stdout.strip():
        elsewhere = target.host.run("find /home /var/mail -name %s -print -quit", f"*{name}").stdout.strip()
        return failed(f"folder {name} created over IMAP is not under {folder}; it went to {elsewhere or 'no file'}")
    path, owner = found.stdout.strip().splitlines()[0].rsplit(" ", 1)
    target.host.run("doveadm mailbox delete -u %s %s", user, name)  # tidy up; a leftover does no harm
    if owner != user:
        return failed(f"{path} belongs to {owner}, not {user}")
    return passed(f"folder {name} created over IMAP is {path}, owned by {user}")
