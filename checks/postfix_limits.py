"""Postfix with Dovecot: size limits and quotas judged by what happens to real messages."""

import re
import secrets

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.shellwait import PAUSE
from maillab.target import Target

WAIT_SECONDS = 20
# Dovecot lets the message that crosses the quota in while the mailbox ends up at most 10 % over
# (quota_grace, measured: 2112 KiB were stored under a 2048 KiB quota), so the refused one is larger.
GRACE_PERCENT = 10
# Send one message of $4 bytes from $2 to $1 with Postfix's sendmail, marked by the Message-ID
# $5, then wait until its delivery is logged (status=) and print that line; with $6 = bounce, also
# wait until the bounce (which quotes the Message-ID) is in the sender's INBOX. Every 4 s the
# queue is flushed.
_SEND = PAUSE + """
user=$1 sender=$2 log=$3 bytes=$4 mark=$5 want=$6 wait=$7
# what an earlier run left (a message that arrived after its wait) counts against the quota
doveadm expunge -u "$user" mailbox INBOX header subject "maillab quota check" 2>/dev/null
doveadm expunge -u "$sender" mailbox INBOX text "maillab-quota-" 2>/dev/null
{ printf 'From: %s@mail.example.lab\\nTo: %s@mail.example.lab\\nSubject: maillab quota check %s\\n' \\
    "$sender" "$user" "$mark"
  printf 'Message-ID: <%s@mail.example.lab>\\n\\n' "$mark"
  head -c "$bytes" /dev/zero | tr '\\0' x | fold -w 76; echo; } \\
  | /usr/sbin/sendmail -f "$sender@mail.example.lab" "$user@mail.example.lab" || { echo "sendmail exited $?"; exit 2; }
id= line= bounce= flushed=0
while [ "$waited" -lt $((wait * 10)) ]; do
  [ -n "$id" ] || id=$(grep -F "message-id=<$mark@" "$log" | tail -n 1 \\
    | sed -n 's/^.*: \\([0-9A-F]*\\): message-id=.*$/\\1/p')
  [ -n "$id" ] && line=$(grep -E ": $id: to=<$user@.*status=" "$log" | tail -n 1)
  if [ -n "$line" ]; then
    [ "$want" != bounce ] && break
    case $line in *status=bounced*) ;; *) break ;; esac
    bounce=$(doveadm search -u "$sender" mailbox INBOX text "$mark" 2>/dev/null)
    [ -n "$bounce" ] && break
  fi
  # a reload (the XCLIENT twin's, for a check running alongside) can leave the message, or its
  # bounce (a new queue id), deferred until the next queue run: flush the queue again
  [ -n "$id" ] && [ "$waited" -ge $((flushed + 40)) ] && flushed=$waited && postqueue -f 2>/dev/null
  pause
done
echo "status=${line#*status=}" | cut -c 1-300
[ -n "$bounce" ] && echo "bounce=found"
doveadm expunge -u "$user" mailbox INBOX header subject "$mark" 2>/dev/null
doveadm expunge -u "$sender" mailbox INBOX text "$mark" 2>/dev/null
true
"""


def _send(target: Target, user: str, sender: str, size: int, want: str) -> tuple[str, bool]:
    """(the delivery's status= words, whether a bounce reached the sender) for one message of `size` bytes."""
    mark = f"maillab-quota-{want}-{secrets.token_hex(4)}"  # each send its own, even in a replay
    result = target.host.run(
        "sh -c %s sh %s %s %s %s %s %s %s",
        _SEND, user, sender, target.server.log, str(size), mark, want, str(WAIT_SECONDS),
    )
    lines = result.stdout.splitlines()
    status = next((line for line in lines if line.startswith("status=")), "status=")
    status = re.sub(r"^status=$", "no delivery was logged", status)
    return status, "bounce=found" in lines


@check
def quota_bounces(target: Target, user: str, quota_mib: int, sender: str = "admin") -> Outcome:
    """Dovecot enforces a quota of `quota_mib` MiB on `user` when Postfix delivers over LMTP: a message
    of half that size is stored, one 15 % over it (past Dovecot's quota_grace) is refused (552 Quota
    exceeded) and bounced, and
    the bounce reaches the local `sender`'s INBOX. Both messages go through Postfix's sendmail; the
    check removes them (and the bounce) afterwards.

    Example::

        - {id: quota, check: postfix_limits.quota_bounces, with: {user: student, quota_mib: 2, sender: admin},
           points: 3}
    """
    quota_kb = quota_mib * 1024
    under, _ = _send(target, user, sender, quota_kb * 512, "sent")
    if "status=sent" not in under:
        return failed(f"a message of {quota_kb // 2} KiB to {user} was not stored: {under}")
    over_kb = quota_kb * (100 + GRACE_PERCENT + 5) // 100
    over, bounced = _send(target, user, sender, over_kb * 1024, "bounce")
    size = f"{over_kb} KiB"
    if "status=sent" in over:
        return failed(f"a message of {size} to {user} was stored, so no quota of {quota_kb} KiB is enforced: {over}")
    if "Quota exceeded" not in over or "bounced" not in over:
        return failed(f"a message of {size} to {user} was not refused for its quota: {over}")
    if not bounced:
        return failed(f"a message of {size} to {user} was refused ({over}), but no bounce reached {sender}'s INBOX")
    return passed(f"{quota_kb // 2} KiB reach {user}; {size} is refused ({over}) and {sender} gets the bounce")
