#!/bin/sh
# The include names auth-ldap.conf, a file that does not exist (it ends in .conf.ext).
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^!include auth-ldap.conf.ext/!include auth-ldap.conf/' /etc/dovecot/conf.d/10-auth.conf
