#!/bin/sh
# Logins work, but the account stack waves everyone through: expired accounts are never stopped.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^@include common-account/account required pam_permit.so/' /etc/pam.d/dovecot
