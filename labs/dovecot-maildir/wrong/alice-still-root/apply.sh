#!/bin/sh
# The location is right, but {{ restored_user }}'s restored Maildir still belongs to root.
sh "$MAILLAB_LAB/solution/apply.sh"
chown -R root:root /home/{{ restored_user }}/Maildir
