#!/bin/sh
# A second valid answer: everything in master.cf, written by hand. The SASL settings live in the
# service alone, port 587 is named by its number, and a client that has not logged in may still
# mail the server's own domains (reject_unauth_destination), but nothing else.
set -e
cat >> /etc/postfix/master.cf <<'MASTERCF'
# mail programs of the users: TLS first, then a password checked by Dovecot
587       inet  n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_sasl_type=dovecot
  -o smtpd_sasl_path=private/auth
  -o smtpd_tls_auth_only=yes
  -o { smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination }
MASTERCF
