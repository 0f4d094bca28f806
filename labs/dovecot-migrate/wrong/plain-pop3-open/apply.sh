#!/bin/sh
# Translated, but `pop3s` became plain `pop3` with its cleartext port left open.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i '/^# The old server offered POP3/,/^}$/d' /etc/dovecot/dovecot.conf
