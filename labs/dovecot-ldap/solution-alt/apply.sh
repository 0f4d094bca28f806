#!/bin/sh
# A second valid answer: Dovecot reads the {SSHA} hashes itself, bound as the directory's
# administrator, over the ldapi socket, searching the whole suffix; passdb and userdb in local.conf
# with a settings file of their own, and the mail location set globally.
set -e
umask 077
cat > /etc/dovecot/directory.conf.ext <<'LDAP'
# People of the company directory.
uris = ldapi:///
dn = cn=admin,dc=example,dc=lab
dnpass = ldap-admin
base = dc=example,dc=lab
scope = subtree
pass_filter = (&(mail=%u)(objectClass=inetOrgPerson))
pass_attrs = mail=user,userPassword=password
user_filter = (&(mail=%u)(objectClass=inetOrgPerson))
user_attrs = =home=%{ldap:homeDirectory},=uid=%{ldap:uidNumber},=gid=%{ldap:gidNumber}
LDAP
sed -i 's/^!include auth-system.conf.ext/#!include auth-system.conf.ext/' /etc/dovecot/conf.d/10-auth.conf
cat >> /etc/dovecot/local.conf <<'CONF'
mail_location = maildir:~/Maildir
passdb {
  driver = ldap
  args = /etc/dovecot/directory.conf.ext
}
userdb {
  driver = ldap
  args = /etc/dovecot/directory.conf.ext
}
CONF
