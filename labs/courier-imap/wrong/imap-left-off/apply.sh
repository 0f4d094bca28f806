#!/bin/sh
# Authentication fixed, IMAP started by hand once, but IMAPDSTART still says NO.
set -e
sed -i 's/^authmodulelist=.*/authmodulelist="authpam"/' /etc/courier/authdaemonrc
service courier-authdaemon restart </dev/null >/dev/null 2>&1
