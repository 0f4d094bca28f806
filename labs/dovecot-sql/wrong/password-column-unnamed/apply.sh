#!/bin/sh
# The hash column is selected under its own name, so Dovecot finds no field called password.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/, pwhash AS password \\/, pwhash \\/' /etc/dovecot/dovecot-sql.conf.ext
