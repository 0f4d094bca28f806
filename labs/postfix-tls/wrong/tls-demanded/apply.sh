#!/bin/sh
# TLS is demanded on port 25, which shuts out every server that cannot encrypt.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e smtpd_tls_security_level=encrypt
