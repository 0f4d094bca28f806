#!/bin/sh
# The subject is left out, so Dovecot writes its own ("Automatic response to: ...").
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/ :subject "[^"]*"//' /home/alice/.dovecot.sieve
! grep -q ':subject' /home/alice/.dovecot.sieve
