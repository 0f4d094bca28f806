#!/bin/sh
# pop3_deleted_flag written without quotes: doveconf -n says nothing, but the master cannot expand
# $POP3Deleted and Dovecot does not start.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^#pop3_deleted_flag =.*/pop3_deleted_flag = $POP3Deleted/' /etc/dovecot/conf.d/20-pop3.conf
grep -q '^pop3_deleted_flag = \$POP3Deleted$' /etc/dovecot/conf.d/20-pop3.conf
