#!/bin/sh
# Logins work, but the service has no account stack: nothing asks whether an account may be used.
sh "$MAILLAB_LAB/solution/apply.sh"
printf '@include common-auth\n@include common-session\n' > /etc/pam.d/dovecot
