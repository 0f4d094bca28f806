#!/bin/sh
# example.org is made a local domain (mydestination) instead of a virtual alias domain: the
# table still rewrites its addresses, but every system account of the machine exists there too.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -X virtual_alias_domains
postconf -e 'mydestination = $myhostname, localhost.$mydomain, localhost, example.org' 'virtual_alias_domains ='
