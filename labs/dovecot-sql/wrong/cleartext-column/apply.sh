#!/bin/sh
# Logins work from the old cleartext column; no hash was made, so the passwords stay readable.
sh "$MAILLAB_LAB/solution/apply.sh"
sqlite3 /etc/dovecot/users.sqlite "UPDATE accounts SET pwhash = NULL, password = '{{ carol_password }}' WHERE local_part = 'carol'"
sqlite3 /etc/dovecot/users.sqlite "UPDATE accounts SET pwhash = NULL, password = '{{ dave_password }}' WHERE local_part = 'dave'"
sed -i "s/, pwhash AS password \\\\/, '{PLAIN}' || password AS password \\\\/" /etc/dovecot/dovecot-sql.conf.ext
