#!/bin/sh
# The account stack reaches pam_unix, but its verdict is ignored and pam_permit decides.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^@include common-account/account [success=ok new_authtok_reqd=ok default=ignore] pam_unix.so\naccount required pam_permit.so/' /etc/pam.d/dovecot
