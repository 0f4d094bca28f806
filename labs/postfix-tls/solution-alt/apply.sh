#!/bin/sh
# A second valid answer: an EC key made first, the certificate signed from it in a second step
# under /etc/ssl, and the main.cf lines written by hand, with the older smtpd_use_tls switch.
set -e
openssl ecparam -name prime256v1 -genkey -noout -out /etc/ssl/private/mail.example.lab.key
chmod 0400 /etc/ssl/private/mail.example.lab.key
openssl req -new -x509 -days 730 -key /etc/ssl/private/mail.example.lab.key \
  -subj '/O=example.lab/CN=mail.example.lab' \
  -addext 'subjectAltName=DNS:mail.example.lab,DNS:example.lab' \
  -out /etc/ssl/certs/mail.example.lab.pem
sed -i -e '/^smtpd_tls_security_level[[:space:]]*=/d' -e '/^smtpd_use_tls[[:space:]]*=/d' /etc/postfix/main.cf
cat >> /etc/postfix/main.cf <<'MAINCF'
# STARTTLS for anyone who asks on port 25
smtpd_use_tls = yes
smtpd_tls_cert_file = /etc/ssl/certs/mail.example.lab.pem
smtpd_tls_key_file = /etc/ssl/private/mail.example.lab.key
MAINCF
