#!/bin/sh
# Reference answer: a self-signed pair in /etc/postfix/tls, the key for root alone, TLS offered on 25.
set -e
mkdir -p /etc/postfix/tls
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=mail.example.lab \
  -addext subjectAltName=DNS:mail.example.lab \
  -keyout /etc/postfix/tls/mail.example.lab.key -out /etc/postfix/tls/mail.example.lab.crt 2>/dev/null
chmod 0644 /etc/postfix/tls/mail.example.lab.crt
postconf -e smtpd_tls_security_level=may \
  smtpd_tls_cert_file=/etc/postfix/tls/mail.example.lab.crt \
  smtpd_tls_key_file=/etc/postfix/tls/mail.example.lab.key \
  smtpd_tls_loglevel=1
