#!/bin/sh
# TLS is on, but passwords are still accepted in the clear on 143 and 110.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^ssl = required/ssl = yes/' /etc/dovecot/conf.d/10-ssl.conf
sed -i 's/^disable_plaintext_auth = yes/disable_plaintext_auth = no/' /etc/dovecot/conf.d/10-auth.conf
