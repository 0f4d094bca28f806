#!/bin/sh
# Solved, then one more line typed without its equals sign.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
echo 'message_size_limit 20480000' >> /etc/postfix/main.cf
