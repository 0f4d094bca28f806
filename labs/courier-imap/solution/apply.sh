#!/bin/sh
# Reference answer: start IMAP at boot, check passwords through PAM.
set -e
sed -i 's/^IMAPDSTART=.*/IMAPDSTART=YES/' /etc/courier/imapd
sed -i 's/^authmodulelist=.*/authmodulelist="authpam"/' /etc/courier/authdaemonrc
service courier-authdaemon restart </dev/null >/dev/null 2>&1
service courier-imap restart </dev/null >/dev/null 2>&1
