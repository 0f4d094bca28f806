#!/bin/sh
# MAXPERIP={{ max_per_ip }} as asked, but TCPDOPTS adds -maxperip=20, which couriertcpd reads last and keeps.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^TCPDOPTS=.*/TCPDOPTS="-nodnslookup -noidentlookup -maxperip=20"/' /etc/courier/pop3d
service courier-pop restart </dev/null >/dev/null 2>&1
