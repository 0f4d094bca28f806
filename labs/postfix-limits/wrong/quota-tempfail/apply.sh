#!/bin/sh
# A full mailbox answered with a temporary error: Postfix keeps the mail and the sender hears nothing.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
echo 'quota_full_tempfail = yes' >> /etc/dovecot/conf.d/90-quota.conf
