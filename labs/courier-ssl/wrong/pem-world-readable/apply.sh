#!/bin/sh
# Everything works, but the IMAP PEM file (with its private key) is 0644.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
chmod 0644 /etc/courier/imapd.pem
