#!/bin/sh
# Solved, then MAILDIRPATH changed to a folder the users do not have.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^MAILDIRPATH=.*/MAILDIRPATH=Mail/' /etc/courier/pop3d
service courier-pop restart </dev/null >/dev/null 2>&1
