#!/bin/sh
# The pair is right, but main.cf names a certificate file that does not exist.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e smtpd_tls_cert_file=/etc/postfix/tls/mail.example.lab.pem
