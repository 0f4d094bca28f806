#!/bin/sh
# Strong hashes, but of a kind CRAM-MD5 cannot use.
sh "$MAILLAB_LAB/solution/apply.sh"
for entry in carol@{{ mail_domain }}:{{ carol_password }} dave@{{ mail_domain }}:{{ dave_password }}; do
  user=${entry%%:*}
  hash=$(doveadm pw -s SHA512-CRYPT -p "${entry#*:}")
  sed -i "s|^$user:{CRAM-MD5}[^:]*:|$user:$hash:|" /etc/dovecot/users
done
