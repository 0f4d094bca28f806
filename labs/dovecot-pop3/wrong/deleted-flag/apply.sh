#!/bin/sh
# DELE only flags the message, so it never leaves the spool.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^#pop3_deleted_flag =.*/pop3_deleted_flag = "$POP3Deleted"/' /etc/dovecot/conf.d/20-pop3.conf
grep -q '^pop3_deleted_flag' /etc/dovecot/conf.d/20-pop3.conf
