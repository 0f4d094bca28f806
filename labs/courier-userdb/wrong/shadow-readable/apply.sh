#!/bin/sh
# Logins work, but someone opened up the compiled password database to everyone.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
chmod 0644 /etc/courier/userdbshadow.dat
