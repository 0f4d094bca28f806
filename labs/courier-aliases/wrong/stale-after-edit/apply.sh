#!/bin/sh
# Solved, then one more alias file added without compiling again.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sleep 1
printf 'webmaster: {{ ops_user }}\n' > /etc/courier/aliases/web
