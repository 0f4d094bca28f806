#!/bin/sh
# The blocked sender is discarded instead of rejected: nobody tells the sender.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^  reject .*$/  discard;/' /home/alice/.dovecot.sieve
