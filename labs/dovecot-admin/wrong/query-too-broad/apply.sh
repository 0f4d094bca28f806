#!/bin/sh
# The expunge query matched every message about passwords, the policy notice too.
sh "$MAILLAB_LAB/solution/apply.sh"
for user in student alice bob admin; do doveadm expunge -u "$user" mailbox INBOX subject password; done
