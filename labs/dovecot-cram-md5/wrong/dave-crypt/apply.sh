#!/bin/sh
# carol gets a CRAM-MD5 hash, dave a crypt hash CRAM-MD5 cannot use.
sh "$MAILLAB_LAB/solution/apply.sh"
hash=$(doveadm pw -s SHA512-CRYPT -p Quiet-Harbor-7)
sed -i "s|^dave@example.lab:[^:]*:|dave@example.lab:$hash:|" /etc/dovecot/users
