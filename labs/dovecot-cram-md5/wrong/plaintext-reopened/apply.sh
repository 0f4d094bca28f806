#!/bin/sh
# "Make the old client work" by allowing passwords in the clear.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^#disable_plaintext_auth = yes/disable_plaintext_auth = no/' /etc/dovecot/conf.d/10-auth.conf
