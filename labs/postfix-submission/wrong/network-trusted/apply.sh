#!/bin/sh
# The mail program on the host could not send, so its network was trusted instead of making it
# log in: every client of 172.16.0.0/12 (the engine's bridge too) relays without a password.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e 'mynetworks = 127.0.0.0/8 [::1]/128 172.16.0.0/12'
postconf -P 'submission/inet/smtpd_relay_restrictions=permit_mynetworks,permit_sasl_authenticated,reject'
