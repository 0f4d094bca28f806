#!/bin/sh
# carol gets a CRAM-MD5 hash, dave a crypt hash CRAM-MD5 cannot use.
sh "$MAILLAB_LAB/solution/apply.sh"
hash=$(doveadm pw -s SHA512-CRYPT -p {{ dave_password }})
sed -i "s|^dave@{{ mail_domain }}:[^:]*:|dave@{{ mail_domain }}:$hash:|" /etc/dovecot/users
