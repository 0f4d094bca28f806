#!/bin/sh
# The size is given without a unit, so Sieve reads it as bytes: nearly every message is "big".
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/:over \([0-9]*\)K/:over \1/' /home/alice/.dovecot.sieve
