#!/bin/sh
# Reference answer: hashes into pwhash, the old column emptied, Debian's auth-sql include with
# three queries, and the auth worker as dovecot reading a root:dovecot 0640 database.
set -e
db=/etc/dovecot/users.sqlite
for entry in carol:{{ carol_password }} dave:{{ dave_password }}; do
  hash=$(doveadm pw -s SHA512-CRYPT -p "${entry#*:}")
  sqlite3 "$db" "UPDATE accounts SET pwhash = '$hash', password = NULL WHERE local_part = '${entry%%:*}' AND domain = '{{ mail_domain }}'"
done
chown root:dovecot "$db"
chmod 0640 "$db"
cat > /etc/dovecot/dovecot-sql.conf.ext <<'SQL'
driver = sqlite
connect = /etc/dovecot/users.sqlite
password_query = SELECT local_part || '@' || domain AS user, pwhash AS password \
  FROM accounts WHERE local_part = '%n' AND domain = '%d'
user_query = SELECT home, uid, gid, 'maildir:~/Maildir' AS mail \
  FROM accounts WHERE local_part = '%n' AND domain = '%d'
iterate_query = SELECT local_part || '@' || domain AS user FROM accounts
SQL
sed -i -e 's/^!include auth-system.conf.ext/#!include auth-system.conf.ext/' \
  -e 's/^#!include auth-sql.conf.ext/!include auth-sql.conf.ext/' /etc/dovecot/conf.d/10-auth.conf
sed -i 's/^  #user = root$/  user = $default_internal_user/' /etc/dovecot/conf.d/10-master.conf
