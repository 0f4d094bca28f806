#!/bin/sh
# Reference answer: Debian's auth-ldap include, slapd judging each password (auth binds), and a
# filter on the mail address below ou=people.
set -e
cat > /etc/dovecot/dovecot-ldap.conf.ext <<'LDAP'
uris = ldap://127.0.0.1
base = ou=people,dc=example,dc=lab
auth_bind = yes
pass_filter = (&(objectClass=posixAccount)(mail=%u))
pass_attrs = mail=user
user_filter = (&(objectClass=posixAccount)(mail=%u))
user_attrs = homeDirectory=home,uidNumber=uid,gidNumber=gid,=mail=maildir:~/Maildir
iterate_filter = (objectClass=posixAccount)
iterate_attrs = mail=user
LDAP
sed -i -e 's/^!include auth-system.conf.ext/#!include auth-system.conf.ext/' \
  -e 's/^#!include auth-ldap.conf.ext/!include auth-ldap.conf.ext/' /etc/dovecot/conf.d/10-auth.conf
