#!/bin/sh
# The limit counted in decimal megabytes rounded, not in the bytes the task gives.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e message_size_limit=$(( {{ size_limit }} / 1000000 * 1000000 ))
