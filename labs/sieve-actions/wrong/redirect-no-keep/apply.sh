#!/bin/sh
# redirect alone: bob gets the boss's mail, alice keeps nothing.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i '/^  keep;$/d' /home/alice/.dovecot.sieve
