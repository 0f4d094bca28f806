#!/bin/sh
# Everything right but the key: mode 0644 lets every local user read it.
sh "$MAILLAB_LAB/solution/apply.sh"
chmod 0644 /etc/dovecot/ssl/dovecot.key
