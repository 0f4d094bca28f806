#!/bin/sh
# The aliases are right, but {{ ops_user }} forwards everything on with ~/.forward: the maps say {{ ops_user }},
# delivery says otherwise.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
echo student > /home/{{ ops_user }}/.forward
chown {{ ops_user }}:{{ ops_user }} /home/{{ ops_user }}/.forward
