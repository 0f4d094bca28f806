#!/bin/sh
# Reference answer: CRAM-MD5 added to the mechanisms, each {PLAIN} password replaced by its doveadm hash.
set -e
sed -i 's/^auth_mechanisms = plain$/auth_mechanisms = plain login cram-md5/' /etc/dovecot/conf.d/10-auth.conf
for entry in carol@{{ mail_domain }}:{{ carol_password }} dave@{{ mail_domain }}:{{ dave_password }}; do
  user=${entry%%:*}
  hash=$(doveadm pw -s CRAM-MD5 -p "${entry#*:}")
  sed -i "s|^$user:{PLAIN}[^:]*:|$user:$hash:|" /etc/dovecot/users
done
