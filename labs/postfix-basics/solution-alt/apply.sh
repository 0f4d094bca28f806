#!/bin/sh
# A second valid answer: edit main.cf by hand with literal names, let mydomain follow from
# myhostname, and keep Debian's way of naming the origin: myorigin reads /etc/mailname.
set -e
cf=/etc/postfix/main.cf
sed -i -e '/^myhostname[[:space:]]*=/d' -e '/^myorigin[[:space:]]*=/d' -e '/^mydestination[[:space:]]*=/d' \
  -e '/^inet_interfaces[[:space:]]*=/d' "$cf"
cat >> "$cf" <<'MAINCF'

# mail.example.lab serves the domain example.lab
myhostname = mail.example.lab
myorigin = /etc/mailname
mydestination = mail.example.lab, example.lab, localhost
inet_interfaces = all
MAINCF
echo example.lab > /etc/mailname
