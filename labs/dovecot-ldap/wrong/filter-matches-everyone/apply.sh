#!/bin/sh
# The password filter names a class but not the login: every person matches.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^pass_filter = .*/pass_filter = (objectClass=posixAccount)/' /etc/dovecot/dovecot-ldap.conf.ext
