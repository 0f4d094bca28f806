#!/bin/sh
# Tightened too far: a root-only IMAP PEM file that couriertls (user courier) cannot read.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
chown root:root /etc/courier/imapd.pem
chmod 0600 /etc/courier/imapd.pem
