#!/bin/sh
# POP3 replaces IMAP instead of joining it.
sh "$MAILLAB_LAB/solution/apply.sh"
echo 'protocols = pop3' > /etc/dovecot/local.conf
