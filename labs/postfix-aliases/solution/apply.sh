#!/bin/sh
# Reference answer: root goes to {{ ops_user }}, the other names follow root or postmaster; then newaliases.
set -e
cat >> /etc/aliases <<'ALIASES'
root: {{ ops_user }}
abuse: root
mailer-daemon: postmaster
ALIASES
newaliases
