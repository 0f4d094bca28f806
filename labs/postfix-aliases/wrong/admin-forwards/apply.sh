#!/bin/sh
# The aliases are right, but admin forwards everything on with ~/.forward: the maps say admin,
# delivery says otherwise.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
echo student > /home/admin/.forward
chown admin:admin /home/admin/.forward
