#!/bin/sh
# The whole INBOX was expunged to be sure the phishing message went.
sh "$MAILLAB_LAB/solution/apply.sh"
for user in student alice bob admin; do doveadm expunge -u "$user" mailbox INBOX all; done
