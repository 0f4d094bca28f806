#!/bin/sh
# Everything but the mailbox cap, which stays below the message size limit.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e mailbox_size_limit=3000000
