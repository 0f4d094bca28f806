#!/bin/sh
# A second valid answer: mechanisms in local.conf, the passwd-file written anew and readable by root only.
set -e
printf '# CRAM-MD5 for the passwd-file users; PAM users keep PLAIN/LOGIN inside TLS.\nauth_mechanisms = cram-md5 plain\n' \
  >> /etc/dovecot/local.conf
carol=$(doveadm pw -s CRAM-MD5 -p {{ carol_password }})
dave=$(doveadm pw -s CRAM-MD5 -p {{ dave_password }})
umask 077
cat > /etc/dovecot/users.new <<USERS
# user:password:uid:gid:gecos:home:shell:extra fields
carol@{{ mail_domain }}:$carol:5000:5000::/var/vmail/carol::userdb_mail=maildir:~/Maildir
dave@{{ mail_domain }}:$dave:5000:5000::/var/vmail/dave::userdb_mail=maildir:~/Maildir
USERS
chown root:dovecot /etc/dovecot/users.new
chmod 0640 /etc/dovecot/users.new
mv /etc/dovecot/users.new /etc/dovecot/users
