#!/bin/sh
# Reference answer: SASL through Dovecot in main.cf, the submission service written with postconf -M and -P.
set -e
postconf -e smtpd_sasl_type=dovecot smtpd_sasl_path=private/auth
postconf -M submission/inet='submission inet n - y - - smtpd'
postconf -P submission/inet/syslog_name=postfix/submission \
  submission/inet/smtpd_tls_security_level=encrypt \
  submission/inet/smtpd_sasl_auth_enable=yes \
  submission/inet/smtpd_tls_auth_only=yes \
  submission/inet/smtpd_relay_restrictions=permit_sasl_authenticated,reject
