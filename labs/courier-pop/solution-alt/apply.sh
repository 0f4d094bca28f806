#!/bin/sh
# A second valid answer: quoted lower-case switch, and the limits (stricter than asked) given to
# couriertcpd through TCPDOPTS, which comes after MAXDAEMONS/MAXPERIP on its command line and wins.
set -e
awk '
  /^POP3DSTART=/ { print "POP3DSTART=\"yes\""; next }
  /^TCPDOPTS=/   { print "TCPDOPTS=\"-nodnslookup -noidentlookup -maxprocs=20 -maxperip=5\""; next }
  { print }
' /etc/courier/pop3d > /tmp/pop3d.new
cat /tmp/pop3d.new > /etc/courier/pop3d && rm -f /tmp/pop3d.new
/etc/init.d/courier-pop stop </dev/null >/dev/null 2>&1 || true
/etc/init.d/courier-pop start </dev/null >/dev/null 2>&1
