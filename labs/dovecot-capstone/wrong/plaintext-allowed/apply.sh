#!/bin/sh
# TLS works, but passwords are still accepted before STARTTLS.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^ssl = required/ssl = yes/' /etc/dovecot/conf.d/10-ssl.conf
sed -i 's/^disable_plaintext_auth = yes/disable_plaintext_auth = no/' /etc/dovecot/conf.d/10-auth.conf
