"""Checks of Courier's local delivery: mail sent with its sendmail reaches the Maildir the aliases name."""

import secrets

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.servers import courier as courier_server
from maillab.target import Target


@check
def reaches_maildir(target: Target, recipient: str, user: str) -> Outcome:
    """Mail sent with sendmail to `recipient` lands in `user`'s ~/Maildir (new/ or cur/) within a
    bounded wait, with a subject chosen per run; otherwise the message quotes the mail log.

    Example::

        - {id: postmaster-reaches-student, check: courier_delivery.reaches_maildir, with: {recipient: postmaster, user:
           student}, points: 2}
    """
    subject = f"maillab check {secrets.token_hex(6)}"
    delivered, said = courier_server.send(target, recipient, user, subject)
    if delivered:
        return passed(f"a message to {recipient} ({subject!r}) reached {said}")
    log = f"; the mail log says: {said}" if said else "; the mail log has no line about it"
    return failed(f"a message to {recipient} ({subject!r}) did not reach {user}'s Maildir{log}")
