#!/bin/sh
# Password lookups without a bind DN: anonymous clients may not read userPassword.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i -e 's/^auth_bind = yes/auth_bind = no/' \
  -e 's/^pass_attrs = .*/pass_attrs = mail=user,userPassword=password/' /etc/dovecot/dovecot-ldap.conf.ext
