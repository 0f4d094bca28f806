#!/bin/sh
# The mail location fell back to Debian's default: the spool, not the old Maildir.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's|^mail_location = .*|mail_location = mbox:~/mail:INBOX=/var/mail/%u|' /etc/dovecot/dovecot.conf
