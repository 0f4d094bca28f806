#!/bin/sh
# The search starts at an organizational unit the directory does not have.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^base = .*/base = ou=users,dc=example,dc=lab/' /etc/dovecot/dovecot-ldap.conf.ext
