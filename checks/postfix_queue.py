"""Postfix's mail queue: what waits in it (postqueue -j) and what became of the mail it held.

An archive carries no queue and no delivered mail, so in an instructor's sandbox these checks
say so and fail: they are never passed from an archive."""

import json
import time

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.shellwait import PAUSE
from maillab.target import Target

NOT_FROM_ARCHIVE = "not judged from an archive: it carries neither the mail queue nor delivered mail"
WAIT_SECONDS = 20
# Look (for at most $3 seconds) for a message from $2 in user $1's INBOX; "found" when it is there.
_AWAIT_MAIL = PAUSE + """
user=$1 sender=$2 wait=$3
while :; do
  [ -n "$(doveadm search -u "$user" mailbox INBOX header from "$sender" 2>/dev/null)" ] && { echo found; exit 0; }
  [ "$waited" -lt $((wait * 10)) ] || exit 0
  pause
done
"""


def _queue(target: Target) -> list[dict]:
    """Every message in the queue, as `postqueue -j` gives it (read once per grading run)."""

    return target.cached("postfix_queue.queue", lambda: _read_queue(target))


def _read_queue(target: Target) -> list[dict]:
    """Every message in the queue as it is now, as `postqueue -j` gives it."""
    output = target.host.run("postqueue -j").stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def _described(message: dict) -> str:
    reasons = {r.get("delay_reason", "") for r in message.get("recipients", [])} - {""}
    why = f": {'; '.join(sorted(reasons))}" if reasons else ""
    return f"{message['queue_id']} in the {message['queue_name']} queue{why}"


def _from(messages: list[dict], sender: str) -> list[dict]:
    return [m for m in messages if m.get("sender", "").lower().endswith(sender.lower())]


def _in_inbox(target: Target, user: str, sender: str, wait: int = 0) -> bool:
    result = target.host.run("sh -c %s sh %s %s %s", _AWAIT_MAIL, user, sender, str(wait))
    return result.stdout.strip() == "found"


# Of the queue ids given, print those that cannot leave the queue by themselves: held, or deferred
# with a next try (the file's mtime) still ahead.
_STUCK = """
now=$(date +%s)
for id; do
  f=$(find /var/spool/postfix/hold /var/spool/postfix/deferred -name "$id" -type f 2>/dev/null | head -n 1)
  case $f in
    */hold/*) echo "$id" ;;
    */deferred/*) [ "$(stat -c %Y "$f")" -gt $((now + 1)) ] && echo "$id" ;;
  esac
done
"""


def _waiting_now(target: Target, sender: str) -> list[dict]:
    """The messages from `sender` in the queue as it is now (not the run's cached read)."""
    return _from(_read_queue(target), sender)


def _stuck(target: Target, messages: list[dict]) -> bool:
    """Whether every one of `messages` is held or deferred until a time still ahead."""
    ids = [message["queue_id"] for message in messages]
    stuck = target.host.run("sh -c %s sh" + " %s" * len(ids), _STUCK, *ids).stdout.split()
    return set(ids) <= set(stuck)


def _settled(target: Target, sender: str, waiting: list[dict]) -> list[dict]:
    """`waiting` (the messages from `sender` in the queue), read again until none of them is on its
    way any more (each has left, or can only wait), for at most WAIT_SECONDS."""
    deadline, pause = time.monotonic() + WAIT_SECONDS, 0.1
    while waiting and not _stuck(target, waiting) and time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause + 0.1, 0.5)
        waiting = _waiting_now(target, sender)
    return waiting


@check
def delivered(target: Target, user: str, sender: str) -> Outcome:
    """The mail that waited in the queue from `sender` for `user` was delivered: it reaches
    `user`'s INBOX (waiting a bounded time while it may still be on its way) and no longer waits
    in the queue.

    A message that can only wait (held, or deferred with its next try still ahead) fails at once:
    grading restarts Postfix first, so no flush the student asked for is still pending, and the
    queue manager would not try it within the wait.

    Example::

        - {id: alice-kept, check: postfix_queue.delivered, with: {user: alice, sender: billing@partner.example},
           points: 2}
    """
    if target.archive:
        return failed(NOT_FROM_ARCHIVE)
    arrived = f"the message from {sender} is in {user}'s INBOX"
    if _in_inbox(target, user, sender):
        return passed(arrived)
    waiting = _waiting_now(target, sender)
    if waiting and not _stuck(target, waiting):
        if _in_inbox(target, user, sender, WAIT_SECONDS):
            return passed(arrived)
        waiting = _waiting_now(target, sender)
    if waiting:
        return failed(f"the message from {sender} is not in {user}'s INBOX; it is still {_described(waiting[0])}")
    if _in_inbox(target, user, sender):  # delivered between the two looks
        return passed(arrived)
    return failed(f"the message from {sender} is neither in {user}'s INBOX nor in the queue: it was removed")


@check
def removed(target: Target, sender: str, users: list[str]) -> Outcome:
    """Every message from `sender` (an address, or @domain) was taken out of the queue without being
    delivered: none waits in the queue (any queue, hold too) and none is in the INBOX of `users`.
    Messages still on their way (a flush asked for them) are given time to arrive or to stick first.

    Example::

        - {id: spam-removed, check: postfix_queue.removed,
           with: {sender: "@prizes.example", users: [alice, bob, student]}, points: 3}
    """
    if target.archive:
        return failed(NOT_FROM_ARCHIVE)
    waiting = _settled(target, sender, _from(_queue(target), sender))
    if waiting:
        shown = "; ".join(_described(m) for m in waiting[:3])
        return failed(f"{len(waiting)} message(s) from {sender} still wait: {shown}")
    reached = [user for user in users if _in_inbox(target, user, sender)]
    if reached:
        return failed(f"mail from {sender} was delivered to {', '.join(reached)} instead of being removed")
    return passed(f"no mail from {sender} waits in the queue or reached {', '.join(users)}")
