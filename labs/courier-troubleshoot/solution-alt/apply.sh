#!/bin/sh
# A second valid answer: keep the configured file name and create that PEM file,
# and list the installed modules that matter here, PAM first.
set -e
mkimapdcert /etc/courier/imapd-ssl >/dev/null 2>&1
chown root:courier /etc/courier/imapd-ssl.pem
chmod 0640 /etc/courier/imapd-ssl.pem
sed -i 's/^authmodulelist="authshadow"/authmodulelist="authpam authuserdb"/' /etc/courier/authdaemonrc
for service in courier-authdaemon courier-imap courier-imap-ssl courier-pop courier-pop-ssl; do
  /etc/init.d/$service restart </dev/null >/dev/null 2>&1
done
