#!/bin/sh
# Reference answer: a module Debian ships, and the PEM file Debian made.
set -e
sed -i 's/^authmodulelist=.*/authmodulelist="authpam"/' /etc/courier/authdaemonrc
sed -i 's|^TLS_CERTFILE=.*|TLS_CERTFILE=/etc/courier/imapd.pem|' /etc/courier/imapd-ssl
service courier-authdaemon restart </dev/null >/dev/null 2>&1
service courier-imap-ssl restart </dev/null >/dev/null 2>&1
