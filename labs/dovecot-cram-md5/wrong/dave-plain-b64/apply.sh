#!/bin/sh
# carol is hashed; dave's password is only base64-encoded, which CRAM-MD5 accepts and anyone can decode.
sh "$MAILLAB_LAB/solution/apply.sh"
encoded=$(printf %s {{ dave_password }} | base64)
sed -i "s|^dave@{{ mail_domain }}:[^:]*:|dave@{{ mail_domain }}:{PLAIN.b64}$encoded:|" /etc/dovecot/users
