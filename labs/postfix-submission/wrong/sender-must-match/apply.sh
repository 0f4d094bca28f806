#!/bin/sh
# The envelope sender is tied to the login as well: {{ submit_user }} may send only as her own address,
# so from the road she cannot send as any other address.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
echo '{{ submit_user }}@example.lab {{ submit_user }}' > /etc/postfix/sender_login
postmap /etc/postfix/sender_login
postconf -P submission/inet/smtpd_sender_login_maps=hash:/etc/postfix/sender_login \
  submission/inet/smtpd_sender_restrictions=reject_sender_login_mismatch
