#!/bin/sh
# The work was done for student alone.
set -e
sh "$MAILLAB_LAB/solution/apply.sh" >/dev/null 2>&1 || true
for user in alice bob admin; do
  doveadm mailbox delete -u "$user" {{ archive_folder }}
  printf 'From: IT Support <it-support@examp1e-lab.net>\nSubject: URGENT: verify your password today\n\nAgain.\n' |
    /usr/lib/dovecot/dovecot-lda -d "$user"
done
