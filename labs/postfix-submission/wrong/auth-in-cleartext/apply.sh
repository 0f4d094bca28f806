#!/bin/sh
# SASL switched on for the service, but neither TLS nor AUTH-only-after-TLS: a mail program may
# send its password in cleartext, and Dovecot's disable_plaintext_auth does not stop it.
set -e
postconf -e smtpd_sasl_type=dovecot smtpd_sasl_path=private/auth
postconf -M submission/inet='submission inet n - y - - smtpd'
postconf -P submission/inet/smtpd_sasl_auth_enable=yes \
  submission/inet/smtpd_relay_restrictions=permit_sasl_authenticated,reject
