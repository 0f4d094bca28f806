#!/bin/sh
# mynetworks is right, but the relay rule is spelt wrong: smtpd refuses to start at all.
set -e
postconf -e 'mynetworks = 198.51.{{ office_net }}.0/24 127.0.0.0/8 [::1]/128 [::ffff:127.0.0.0]/104' \
  'smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated reject_unauth_destinatoin'
