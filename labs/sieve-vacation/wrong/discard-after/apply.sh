#!/bin/sh
# The reply goes out, but the script then throws the message away: alice reads nothing.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
echo 'discard;' >> /home/alice/.dovecot.sieve
