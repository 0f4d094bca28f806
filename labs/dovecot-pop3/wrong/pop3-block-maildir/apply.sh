#!/bin/sh
# The global location stays mbox, but a protocol block gives POP3 logins a Maildir.
sh "$MAILLAB_LAB/solution/apply.sh"
cat > /etc/dovecot/local.conf <<'CONF'
protocol pop3 {
  mail_location = maildir:~/Maildir
}
CONF
