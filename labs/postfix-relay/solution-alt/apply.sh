#!/bin/sh
# A second valid answer: the trusted networks in a file of patterns, and relaying refused
# for good (554, reject_unauth_destination) instead of Debian's temporary 454.
set -e
cat > /etc/postfix/mynetworks <<'NETWORKS'
# who may relay through mail.example.lab: this machine and the office
127.0.0.0/8
[::1]/128
198.51.{{ office_net }}.0/24
NETWORKS
sed -i -e '/^mynetworks[[:space:]]*=/d' -e '/^smtpd_relay_restrictions[[:space:]]*=/d' /etc/postfix/main.cf
cat >> /etc/postfix/main.cf <<'MAINCF'
mynetworks = /etc/postfix/mynetworks
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
MAINCF
