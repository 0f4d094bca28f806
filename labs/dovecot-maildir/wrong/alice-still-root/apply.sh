#!/bin/sh
# The location is right, but alice's restored Maildir still belongs to root.
sh "$MAILLAB_LAB/solution/apply.sh"
chown -R root:root /home/alice/Maildir
