#!/bin/sh
# The reference answer, plus student added to ssl-cert "so the backup script can read the key".
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
usermod -a -G ssl-cert student
