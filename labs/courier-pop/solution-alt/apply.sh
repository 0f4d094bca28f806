#!/bin/sh
# A second valid answer: quoted values, lower-case switch, written with a small awk rewrite.
set -e
awk '
  /^POP3DSTART=/ { print "POP3DSTART=\"yes\""; next }
  /^MAXDAEMONS=/ { print "MAXDAEMONS=\"30\""; next }
  /^MAXPERIP=/   { print "MAXPERIP=\"10\""; next }
  { print }
' /etc/courier/pop3d > /tmp/pop3d.new
cat /tmp/pop3d.new > /etc/courier/pop3d && rm -f /tmp/pop3d.new
/etc/init.d/courier-pop stop </dev/null >/dev/null 2>&1 || true
/etc/init.d/courier-pop start </dev/null >/dev/null 2>&1
