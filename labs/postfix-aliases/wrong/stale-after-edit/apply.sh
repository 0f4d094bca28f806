#!/bin/sh
# Solved, then one more alias added without running newaliases again.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sleep 1
echo 'webmaster: {{ ops_user }}' >> /etc/aliases
