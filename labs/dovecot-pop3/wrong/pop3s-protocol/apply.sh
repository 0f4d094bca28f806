#!/bin/sh
# Dovecot 1.x habit: naming the TLS variants as protocols.
sh "$MAILLAB_LAB/solution/apply.sh"
echo 'protocols = imap imaps pop3 pop3s' > /etc/dovecot/local.conf
