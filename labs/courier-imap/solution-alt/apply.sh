#!/bin/sh
# A second valid answer: keep authuserdb for later virtual users but try PAM after it;
# the init script accepts the start switch in lower case too.
set -e
conf=/etc/courier/imapd
grep -v '^IMAPDSTART=' "$conf" > "$conf.new"
echo 'IMAPDSTART="yes"' >> "$conf.new"
cat "$conf.new" > "$conf" && rm -f "$conf.new"
sed -i 's/^authmodulelist="authuserdb"/authmodulelist="authuserdb authpam"/' /etc/courier/authdaemonrc
/etc/init.d/courier-authdaemon stop </dev/null >/dev/null 2>&1 || true
/etc/init.d/courier-authdaemon start </dev/null >/dev/null 2>&1
/etc/init.d/courier-imap start </dev/null >/dev/null 2>&1
