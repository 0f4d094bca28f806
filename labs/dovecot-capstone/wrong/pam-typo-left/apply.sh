#!/bin/sh
# All of the Dovecot side fixed, but the typo in the PAM service file stays.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^@include common-auth$/@include common-auht/' /etc/pam.d/dovecot
