#!/bin/sh
# A "quick fix": pam_permit.so as sufficient before the real check lets every password in.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^@include common-auth/auth sufficient pam_permit.so\n@include common-auth/' /etc/pam.d/dovecot
