#!/bin/sh
# Reference answer: remove the stray greeting, set the new one in local.conf, then doveadm per user.
set -e
sed -i '/^# While the new server is being tested\.$/d; /^login_greeting = TEST SERVER/d' /etc/dovecot/conf.d/10-logging.conf
echo 'login_greeting = mail.example.lab ready.' >> /etc/dovecot/local.conf
for user in student alice bob admin; do
  doveadm mailbox create -s -u "$user" {{ archive_folder }}
  doveadm expunge -u "$user" mailbox INBOX subject 'verify your password'
done
