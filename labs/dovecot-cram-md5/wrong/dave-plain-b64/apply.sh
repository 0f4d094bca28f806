#!/bin/sh
# carol is hashed; dave's password is only base64-encoded, which CRAM-MD5 accepts and anyone can decode.
sh "$MAILLAB_LAB/solution/apply.sh"
encoded=$(printf %s Quiet-Harbor-7 | base64)
sed -i "s|^dave@example.lab:[^:]*:|dave@example.lab:{PLAIN.b64}$encoded:|" /etc/dovecot/users
