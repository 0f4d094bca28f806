#!/bin/sh
# The flag is written without its backslash: a keyword "Flagged", not the system flag \Flagged.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/addflag "\\\\Flagged"/addflag "Flagged"/' /home/alice/.dovecot.sieve
grep -q 'addflag "Flagged"' /home/alice/.dovecot.sieve
