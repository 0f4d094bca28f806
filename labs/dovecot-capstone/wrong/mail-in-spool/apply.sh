#!/bin/sh
# Everything but the mail location: users still read the mbox spool.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's|^mail_location = .*|mail_location = mbox:~/mail:INBOX=/var/mail/%u|' /etc/dovecot/conf.d/10-mail.conf
