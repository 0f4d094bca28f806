#!/bin/sh
# "Make sure Dovecot can read it": a world-readable database of password hashes.
sh "$MAILLAB_LAB/solution/apply.sh"
chmod 0644 /etc/dovecot/users.sqlite
