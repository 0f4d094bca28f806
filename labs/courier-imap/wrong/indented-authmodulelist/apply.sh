#!/bin/sh
# IMAP on, and authpam added on an indented line: sh reads it, authdaemond ignores it.
set -e
sed -i 's/^IMAPDSTART=.*/IMAPDSTART=YES/' /etc/courier/imapd
echo '  authmodulelist="authpam"' >> /etc/courier/authdaemonrc
service courier-authdaemon restart </dev/null >/dev/null 2>&1
service courier-imap restart </dev/null >/dev/null 2>&1
