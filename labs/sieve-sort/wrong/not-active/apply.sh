#!/bin/sh
# A good script saved under ~/sieve/, but never made active: Dovecot runs nothing for alice.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
install -d -o alice -g alice /home/alice/sieve
mv /home/alice/.dovecot.sieve /home/alice/sieve/rules.sieve
