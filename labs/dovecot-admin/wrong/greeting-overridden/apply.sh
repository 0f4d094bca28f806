#!/bin/sh
# The new greeting went into dovecot.conf, before the includes, so the stray line in conf.d still wins.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i '/^login_greeting = /d' /etc/dovecot/local.conf
printf '\n# While the new server is being tested.\nlogin_greeting = TEST SERVER - do not use\n' >> /etc/dovecot/conf.d/10-logging.conf
sed -i 's/^#login_greeting = .*/login_greeting = mail.example.lab ready./' /etc/dovecot/dovecot.conf
