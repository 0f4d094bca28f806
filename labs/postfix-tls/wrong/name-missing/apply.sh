#!/bin/sh
# A pair made with openssl's questions answered carelessly: the certificate names localhost.
set -e
mkdir -p /etc/postfix/tls
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=localhost \
  -keyout /etc/postfix/tls/mail.example.lab.key -out /etc/postfix/tls/mail.example.lab.crt 2>/dev/null
postconf -e smtpd_tls_security_level=may \
  smtpd_tls_cert_file=/etc/postfix/tls/mail.example.lab.crt \
  smtpd_tls_key_file=/etc/postfix/tls/mail.example.lab.key
