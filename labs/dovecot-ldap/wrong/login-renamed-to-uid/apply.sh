#!/bin/sh
# pass_attrs left out: the default maps the uid attribute to the user name.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i '/^pass_attrs = /d' /etc/dovecot/dovecot-ldap.conf.ext
