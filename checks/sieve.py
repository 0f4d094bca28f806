"""Sieve checks: a message of the check's own goes the real way (SMTP from the grader, Postfix,
Dovecot's LMTP, Pigeonhole) and is looked for over IMAP; absence is concluded only once the server
has logged the message's Message-ID and holds none of the run's mail in its queue."""

import secrets

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target
from maillab.transcript import Transcript

from . import _protocol, _sieve


def _placed(found_in: dict[str, list[str]]) -> str:
    """`Big, Lists` or `INBOX 2 times`: where the copies of one message are."""
    return ", ".join(
        name + (f" {len(flags)} times" if len(flags) > 1 else "") for name, flags in sorted(found_in.items())
    )


def _filed(
    target: Target, user: str, password: str, sent: _sieve.Sent, folder: str, imap_port: int
) -> tuple[str | None, dict[str, list[str]]]:
    """(why the message is not in `folder` once and nowhere else, or None; where it was found).

    `folder` "" means nowhere: the message was not stored for `user` at all."""
    seen = _sieve.look(target, user, password, sent.subject, imap_port)
    problem = _protocol.mailbox_problem(seen, target, imap_port, user, "INBOX")
    if problem:
        return f"'{sent.subject}' was delivered, but {problem}", {}
    found = seen.found_in
    if found == ({folder: found.get(folder, [])} if folder else {}) and (not folder or len(found[folder]) == 1):
        return None, found
    copies = sum(len(flags) for flags in found.values())
    where = f"{copies} times ({_placed(found)})" if copies > 1 else f"in {_placed(found) or 'no folder at all'}"
    wanted = f"{folder} only" if folder else "nowhere"
    script = _sieve.describe_active(target, user)
    return (
        f"'{sent.subject}' from <{sent.sender}> was filed {where}, expected {wanted}; "
        f"{script}; the log says: {_sieve.said(sent)}"
    ), found


def _flag_problem(flags: list[str] | None, found: dict[str, list[str]], folder: str, sent: _sieve.Sent) -> str | None:
    """Why the stored copy does not carry exactly `flags` (\\Recent and \\Seen aside), or None."""
    if flags is None or folder not in found:
        return None
    carried = sorted(flag for flag in found[folder][0].split() if flag not in ("\\Recent", "\\Seen"))
    if carried == sorted(flags):
        return None
    shown = " ".join(carried) or "no flags"
    return f"'{sent.subject}' is in {folder} with {shown}, expected {' '.join(flags) or 'no flags'}"


@check
def files_into(
    target: Target,
    user: str,
    password: str,
    folder: str,
    sender: str,
    subject: str = "",
    headers: dict[str, str] | None = None,
    kilobytes: int = 0,
    flags: list[str] | None = None,
    port: int = 25,
    imap_port: int = 143,
) -> Outcome:
    """A message from `sender` (envelope and From alike; a bare name is @mail.example.lab) to `user`,
    with `subject` after a subject of its own, the extra `headers` and a body of about `kilobytes`
    KiB, ends up in `folder` and nowhere else, once, as `user` sees over IMAP; `folder` "" means
    nowhere (discarded). With `flags`, the stored copy carries exactly those (\\Recent and \\Seen aside).

    Example::

        - {id: list-filed, check: sieve.files_into,
           with: {user: alice, password: alice, sender: student, headers: {List-Id: "<news.lists.example.lab>"},
                  folder: Lists}, points: 2}
    """
    sent = _sieve.send(target, f"{user}@{_sieve.DOMAIN}", sender, subject, headers, kilobytes, port)
    if sent.problem:
        return failed(_sieve.not_sent(sent))
    problem, found = _filed(target, user, password, sent, folder, imap_port)
    _sieve.clean(target, user, sent.token)
    problem = problem or _flag_problem(flags, found, folder, sent)
    if problem:
        return failed(problem)
    script = _sieve.describe_active(target, user)
    if not folder:
        return passed(
            f"'{sent.subject}' from <{sent.sender}> was stored nowhere; {script}; the log says: {_sieve.said(sent)}"
        )
    marks = f" with {' '.join(flags) or 'no flags'}" if flags is not None else ""
    return passed(f"'{sent.subject}' from <{sent.sender}> was filed in {folder} only{marks}; {script}")


@check
def redirected(
    target: Target, user: str, password: str, sender: str, to_user: str, to_password: str, subject: str = ""
) -> Outcome:
    """A message from `sender` to `user` is kept once in `user`'s INBOX and a copy reaches `to_user`'s
    INBOX once (Sieve's redirect plus keep), both seen over IMAP.

    Example::

        - {id: boss-redirected, check: sieve.redirected,
           with: {user: alice, password: alice, sender: boss, to_user: bob, to_password: bob}, points: 2}
    """
    sent = _sieve.send(target, f"{user}@{_sieve.DOMAIN}", sender, subject)
    if sent.problem:
        return failed(_sieve.not_sent(sent))
    kept, _ = _filed(target, user, password, sent, "INBOX", 143)
    copied, _ = _filed(target, to_user, to_password, sent, "INBOX", 143)
    _sieve.clean(target, user, sent.token)
    _sieve.clean(target, to_user, sent.token)
    problems = [f"{who}: {problem}" for who, problem in ((user, kept), (to_user, copied)) if problem]
    if problems:
        return failed("; ".join(problems))
    return passed(f"'{sent.subject}' is in {user}'s INBOX and in {to_user}'s; the log says: {_sieve.said(sent)}")


@check
def rejected(
    target: Target, user: str, password: str, sender: str, sender_user: str, sender_password: str, subject: str = ""
) -> Outcome:
    """A message from `sender` to `user` is stored in none of `user`'s folders, and a rejection
    naming its subject reaches the sender's mailbox (`sender_user`'s INBOX over IMAP): a Sieve reject
    answers Postfix with 250 and mails the refusal back.

    Example::

        - {id: blocked-rejected, check: sieve.rejected,
           with: {user: alice, password: alice, sender: pests, sender_user: student, sender_password: student},
           points: 2}
    """
    sent = _sieve.send(target, f"{user}@{_sieve.DOMAIN}", sender, subject)
    if sent.problem:
        return failed(_sieve.not_sent(sent))
    stored, _ = _filed(target, user, password, sent, "", 143)
    notice = _sieve.look(target, sender_user, sender_password, sent.subject)
    problem = _protocol.mailbox_problem(notice, target, 143, sender_user, "INBOX")
    _sieve.clean(target, user, sent.token)
    _sieve.clean(target, sender_user, sent.token)
    if stored:
        return failed(stored)
    if problem:
        return failed(f"'{sent.subject}' was stored nowhere, but {problem}")
    if "INBOX" not in notice.found_in:
        script = _sieve.describe_active(target, user)
        return failed(
            f"'{sent.subject}' was stored nowhere, but no rejection reached {sender_user}'s INBOX (the sender "
            f"<{sent.sender}>'s mailbox); {script}; the log says: {_sieve.said(sent)}"
        )
    return passed(f"'{sent.subject}' was stored nowhere and {sender_user}'s INBOX holds the rejection")


# Compile $1 into a file of the user's own under /tmp, and remove it: sievec's status is the verdict.
_SIEVEC_TO_TMP = 'out=$(mktemp /tmp/maillab-sievec.XXXXXX) && sievec "$1" "$out"; rc=$?; rm -f "$out"; exit $rc'


@check
def script_compiles(target: Target, user: str) -> Outcome:
    """The script Dovecot runs for `user` (plugin sieve's active= path) compiles with `sievec`, run as
    the user and writing to /tmp, so nothing of root's is left in the user's folders.

    Example::

        - {id: script-compiles, check: sieve.script_compiles, with: {user: alice}, points: 1}
    """
    path, _ = _sieve.active_path(target, user)
    script = _sieve.describe_active(target, user)
    if path is None or target.host.run("test -e %s", path).rc != 0:
        return failed(script)
    result = target.host.run("runuser -u %s -- sh -c %s sh %s", user, _SIEVEC_TO_TMP, path)
    if result.rc == 0:
        return passed(f"{script}; sievec compiles it as {user}")
    said = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    return failed(f"{script}; sievec as {user} says: " + " / ".join(said[:4]))


def _replies(target: Target, user: str, password: str, sent: _sieve.Sent, subject: str = "") -> dict[str, list[str]]:
    """Where `user` holds a reply to `sent` (In-Reply-To its Message-ID; with `subject`, that subject too)."""
    criteria = ["HEADER", "In-Reply-To", sent.message_id] + (["SUBJECT", subject] if subject else [])
    seen = target.client("imap", 143, tls="starttls", user=user, password=password, search_all=criteria)
    return seen.found_in


def _vacation_send(
    target: Target, user: str, sender: str, headers: dict[str, str] | None = None, part: str = ""
) -> _sieve.Sent:
    return _sieve.send(target, f"{user}@{_sieve.DOMAIN}", sender, "a question", headers, part=part)


@check
def vacation_reply(
    target: Target, user: str, password: str, sender_user: str, sender_password: str, subject: str
) -> Outcome:
    """A message to `user` from `sender_user`+reply-<run> (a sender never seen before) is kept in `user`'s
    INBOX, and one vacation reply with `subject`, In-Reply-To the message, reaches `sender_user`'s
    mailbox over IMAP.

    Example::

        - {id: vacation-reply, check: sieve.vacation_reply,
           with: {user: alice, password: alice, sender_user: bob, sender_password: bob, subject: Out of office},
           points: 3}
    """
    with _sieve.one_at_a_time(target, user):
        sent = _vacation_send(target, user, f"{sender_user}+reply-{{run}}")
        if sent.problem:
            return failed(_sieve.not_sent(sent))
        kept, _ = _filed(target, user, password, sent, "INBOX", 143)
        replies = _replies(target, sender_user, sender_password, sent)
        titled = _replies(target, sender_user, sender_password, sent, subject) if replies else {}
        _sieve.clean(target, user, sent.token)
        _sieve.clean_replies(target, sender_user, sent)
        script = _sieve.describe_active(target, user)
        if kept:
            return failed(kept)
        count = sum(len(flags) for flags in replies.values())
        if count == 0:
            return failed(
                f"'{sent.subject}' from <{sent.sender}> was kept, but no reply reached {sender_user}'s mailbox; "
                f"{script}; the log says: {_sieve.said(sent)}"
            )
        if count > 1:
            return failed(f"<{sent.sender}> got {count} replies to one message ({_placed(replies)})")
        if not titled:
            return failed(f"<{sent.sender}> got a reply, but its subject is not '{subject}'; {script}")
        return passed(
            f"<{sent.sender}> got one reply '{subject}' in {_placed(replies)}; the log says: {_sieve.said(sent)}"
        )


@check
def vacation_once(target: Target, user: str, password: str, sender_user: str, sender_password: str) -> Outcome:
    """Two messages to `user` from the same new sender (`sender_user`+once-<run>): the first gets a
    vacation reply, the second none (within :days, one reply per sender).

    Example::

        - {id: vacation-once, check: sieve.vacation_once,
           with: {user: alice, password: alice, sender_user: bob, sender_password: bob}, points: 2}
    """
    with _sieve.one_at_a_time(target, user):
        first = _vacation_send(target, user, f"{sender_user}+once-{{run}}", part="1")
        second = _vacation_send(target, user, first.sender, part="2") if not first.problem else first
        for sent in (first, second):
            if sent.problem:
                return failed(_sieve.not_sent(sent))
        answered = [bool(_replies(target, sender_user, sender_password, sent)) for sent in (first, second)]
        for sent in (first, second):
            _sieve.clean(target, user, sent.token)
            _sieve.clean_replies(target, sender_user, sent)
        script = _sieve.describe_active(target, user)
        if not answered[0]:
            return failed(
                f"the first message from <{first.sender}> got no reply; {script}; the log says: {_sieve.said(first)}"
            )
        if answered[1]:
            return failed(
                f"the second message from <{second.sender}> got a reply too; {script}; "
                f"the log says: {_sieve.said(second)}"
            )
        return passed(f"<{first.sender}> got a reply to the first message only; the log says: {_sieve.said(second)}")


@check
def vacation_silent(
    target: Target,
    user: str,
    password: str,
    sender_user: str,
    sender_password: str,
    headers: dict[str, str] | None = None,
) -> Outcome:
    """A message with `headers` to `user` from a new sender (`sender_user`+quiet-<run>) is kept in `user`'s
    INBOX and gets no vacation reply, judged once the server is done with the message.

    Example::

        - {id: spam-silent, check: sieve.vacation_silent,
           with: {user: alice, password: alice, sender_user: bob, sender_password: bob,
                  headers: {X-Spam-Flag: "YES"}}, points: 2}
    """
    with _sieve.one_at_a_time(target, user):
        sent = _vacation_send(target, user, f"{sender_user}+quiet-{{run}}", headers)
        if sent.problem:
            return failed(_sieve.not_sent(sent))
        kept, _ = _filed(target, user, password, sent, "INBOX", 143)
        replies = _replies(target, sender_user, sender_password, sent)
        _sieve.clean(target, user, sent.token)
        _sieve.clean_replies(target, sender_user, sent)
        if kept:
            return failed(kept)
        if replies:
            script = _sieve.describe_active(target, user)
            return failed(
                f"<{sent.sender}> got a vacation reply to a message with {headers}; {script}; "
                f"the log says: {_sieve.said(sent)}"
            )
        return passed(f"'{sent.subject}' was kept and got no reply; the log says: {_sieve.said(sent)}")


@check
def delivered_quietly(target: Target, user: str, sender: str) -> Outcome:
    """A plain message from `sender` to `user` is delivered without one error or warning in the
    Dovecot session that stored it: e.g. no global script that Dovecot must compile (and cannot save)
    at every delivery.

    Example::

        - {id: global-compiled, check: sieve.delivered_quietly, with: {user: bob, sender: student}, points: 2}
    """
    sent = _sieve.send(target, f"{user}@{_sieve.DOMAIN}", sender, "a plain message")
    _sieve.clean(target, user, sent.token)
    if sent.problem:
        return failed(_sieve.not_sent(sent))
    noisy = [line for line in sent.log if ": Error: " in line or ": Warning: " in line]
    if noisy:
        return failed(f"delivering '{sent.subject}' to {user} logged: " + " / ".join(noisy[:3]))
    return passed(f"'{sent.subject}' was delivered to {user} without errors: {_sieve.said(sent)}")


@check
def managesieve_login(target: Target, user: str, password: str, port: int = 4190) -> Outcome:
    """ManageSieve answers on `port`, offers STARTTLS with the configured certificate, and `user`
    logs in with AUTHENTICATE PLAIN after it.

    Example::

        - {id: managesieve-login, check: sieve.managesieve_login, with: {user: alice, password: alice}, points: 2}
    """
    return _protocol.login(target, "managesieve", port, "starttls", user, password)


@check
def managesieve_refuses_plaintext(target: Target, user: str, password: str, port: int = 4190) -> Outcome:
    """Before STARTTLS, ManageSieve on `port` refuses `user`'s password; after it, the same login works.

    Example::

        - {id: managesieve-tls-only, check: sieve.managesieve_refuses_plaintext,
           with: {user: alice, password: alice}, points: 2}
    """
    return _protocol.refuses_plaintext(target, "managesieve", port, user, password)


def _managesieve(target: Target, user: str, password: str, port: int, *commands: list[str]) -> Transcript:
    """One ManageSieve session as `user` over STARTTLS: `commands`, then LISTSCRIPTS."""
    return target.client(
        "managesieve", port, tls="starttls", user=user, password=password, commands=list(commands), list=True
    )


def _session_problem(report: Transcript, user: str) -> str | None:
    """Why a ManageSieve session did not log in or a command failed, or None."""
    if not report.logged_in:
        return f"ManageSieve as {user}: {report.said()}"
    refused = [f"{step.command}: {step.reply}" for step in report.steps if not step.ok]
    return "; ".join(refused) or (None if report.scripts is not None else f"LISTSCRIPTS failed: {report.said()}")


@check
def uploaded_script_runs(target: Target, user: str, password: str, port: int = 4190) -> Outcome:
    """A script of the check's own, uploaded over ManageSieve (STARTTLS, AUTHENTICATE PLAIN,
    PUTSCRIPT, SETACTIVE) as `user`, flags the next message delivered to `user` \\\\Flagged (seen
    over IMAP). Afterwards the script that was active before is active again and the check's own is
    deleted, so the user's scripts are as they were.

    Example::

        - {id: upload-runs, check: sieve.uploaded_script_runs, with: {user: alice, password: alice}, points: 3}
    """
    before = _managesieve(target, user, password, port)
    problem = _session_problem(before, user)
    if problem:
        return failed(problem)
    active = next((name for name, on in (before.scripts or {}).items() if on), "")
    token = secrets.token_hex(4)
    name = f"maillab-check-{token}"
    script = f'require "imap4flags";\nif header :contains "subject" "{token}" {{\n  addflag "\\\\Flagged";\n}}\n'
    upload = _managesieve(target, user, password, port, ["PUTSCRIPT", name, script], ["SETACTIVE", name])
    problem = _session_problem(upload, user)
    if problem:
        outcome = failed(f"uploading a script over ManageSieve as {user} failed: {problem}")
    else:
        sent = _sieve.send(target, f"{user}@{_sieve.DOMAIN}", "student", token)
        if sent.problem:
            outcome = failed(f"'{sent.subject}': {sent.problem}; the log says: {_sieve.said(sent)}")
        else:
            found, where = _filed(target, user, password, sent, "INBOX", 143)
            outcome = failed(found) if found else None
            outcome = outcome or _flag_outcome(where, sent, name)
            _sieve.clean(target, user, sent.token)
    restore = _managesieve(target, user, password, port, ["SETACTIVE", active], ["DELETESCRIPT", name])
    left = _session_problem(restore, user)
    if left and not problem:
        return failed(f"{outcome.message}; then restoring {user}'s scripts over ManageSieve failed: {left}")
    return outcome


def _flag_outcome(where: dict[str, list[str]], sent: _sieve.Sent, name: str) -> Outcome:
    if "\\Flagged" in where["INBOX"][0].split():
        return passed(f"the script {name}, uploaded and activated over ManageSieve, flagged '{sent.subject}'")
    return failed(
        f"the script {name} was uploaded and activated over ManageSieve, but '{sent.subject}' arrived "
        f"without \\Flagged: Sieve did not run it at delivery; the log says: {_sieve.said(sent)}"
    )
