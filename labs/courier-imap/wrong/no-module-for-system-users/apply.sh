#!/bin/sh
# IMAP runs, but authdaemon still asks only authuserdb, which knows no system user.
set -e
sed -i 's/^IMAPDSTART=.*/IMAPDSTART=YES/' /etc/courier/imapd
service courier-imap restart </dev/null >/dev/null 2>&1
