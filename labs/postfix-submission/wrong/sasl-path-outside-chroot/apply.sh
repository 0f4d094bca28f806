#!/bin/sh
# Dovecot's socket named by its full path: smtpd runs chrooted in /var/spool/postfix and finds no
# socket there, so it greets and starts TLS, then stops as soon as it should offer AUTH.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e smtpd_sasl_path=/var/spool/postfix/private/auth
