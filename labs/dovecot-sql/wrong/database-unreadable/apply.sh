#!/bin/sh
# The worker runs as dovecot, but the database stayed readable by root only.
sh "$MAILLAB_LAB/solution/apply.sh"
chown root:root /etc/dovecot/users.sqlite
chmod 0600 /etc/dovecot/users.sqlite
