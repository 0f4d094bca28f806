#!/bin/sh
# A second valid answer: fix the greeting where it was set; act on all users with -A and a user mask.
set -e
sed -i 's/^login_greeting = TEST SERVER.*/login_greeting = mail.example.lab ready./' /etc/dovecot/conf.d/10-logging.conf
# -A also walks system accounts such as nobody, which have no mail and fail; the real users succeed.
doveadm mailbox create -A {{ archive_folder }} 2>/dev/null || true
doveadm mailbox subscribe -A {{ archive_folder }} 2>/dev/null || true
doveadm expunge -A mailbox '*' header Subject 'URGENT: verify your password' 2>/dev/null || true
