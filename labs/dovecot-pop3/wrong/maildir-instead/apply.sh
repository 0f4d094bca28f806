#!/bin/sh
# POP3 works, but the mail is moved to Maildir instead of staying in the spool.
sh "$MAILLAB_LAB/solution/apply.sh"
echo 'mail_location = maildir:~/Maildir' > /etc/dovecot/local.conf
