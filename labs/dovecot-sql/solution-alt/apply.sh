#!/bin/sh
# A second valid answer: the password column dropped, the database owned by dovecot (0600),
# passdb and userdb written in local.conf with their own settings file, the mail location set
# globally, users matched on the full address and listed as username plus domain.
set -e
db=/etc/dovecot/users.sqlite
carol=$(doveadm pw -s SHA512-CRYPT -p '{{ carol_password }}')
dave=$(doveadm pw -s SHA512-CRYPT -p '{{ dave_password }}')
sqlite3 "$db" <<SQL
UPDATE accounts SET pwhash = '$carol' WHERE local_part = 'carol';
UPDATE accounts SET pwhash = '$dave' WHERE local_part = 'dave';
ALTER TABLE accounts DROP COLUMN password;
VACUUM;
SQL
chown dovecot:dovecot "$db"
chmod 0600 "$db"
umask 027
cat > /etc/dovecot/virtual-users.conf.ext <<'SQL'
# Virtual users of the old webmail, in SQLite.
driver = sqlite
connect = /etc/dovecot/users.sqlite
password_query = SELECT pwhash AS password FROM accounts WHERE local_part || '@' || domain = '%u'
user_query = SELECT home, uid, gid FROM accounts WHERE local_part || '@' || domain = '%u'
iterate_query = SELECT local_part AS username, domain FROM accounts
SQL
chgrp dovecot /etc/dovecot/virtual-users.conf.ext
sed -i 's/^!include auth-system.conf.ext/#!include auth-system.conf.ext/' /etc/dovecot/conf.d/10-auth.conf
cat >> /etc/dovecot/local.conf <<'CONF'
mail_location = maildir:~/Maildir
passdb {
  driver = sql
  args = /etc/dovecot/virtual-users.conf.ext
}
userdb {
  driver = sql
  args = /etc/dovecot/virtual-users.conf.ext
}
service auth-worker {
  user = dovecot
}
CONF
