#!/bin/sh
# The certificate and the key come from two different runs of openssl.
sh "$MAILLAB_LAB/solution/apply.sh"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out /etc/dovecot/ssl/dovecot.key 2>/dev/null
chmod 0600 /etc/dovecot/ssl/dovecot.key
