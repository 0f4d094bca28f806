#!/bin/sh
# Reference answer: root goes to admin, the other names follow root or postmaster; then newaliases.
set -e
cat >> /etc/aliases <<'ALIASES'
root: admin
abuse: root
mailer-daemon: postmaster
ALIASES
newaliases
