#!/bin/sh
# Right script and setting, but sievec never ran: every delivery compiles it and cannot save it.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
rm -f /etc/dovecot/sieve/before.d/*.svbin
