#!/bin/sh
# user_attrs written dovecotField=ldapAttribute, the wrong way round.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^user_attrs = .*/user_attrs = home=homeDirectory,uid=uidNumber,gid=gidNumber,=mail=maildir:~\/Maildir/' /etc/dovecot/dovecot-ldap.conf.ext
