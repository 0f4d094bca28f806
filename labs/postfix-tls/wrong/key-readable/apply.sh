#!/bin/sh
# TLS works, but the key was left readable by everyone.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
chmod 0644 /etc/postfix/tls/mail.example.lab.key
