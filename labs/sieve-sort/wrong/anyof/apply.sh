#!/bin/sh
# anyof where allof is meant: every [invoice] subject counts, whoever sent it.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/allof/anyof/' /home/alice/.dovecot.sieve
