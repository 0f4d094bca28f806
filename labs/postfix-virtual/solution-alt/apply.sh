#!/bin/sh
# A second valid answer: a "Postfix-style" alias domain (the domain is a key of the table itself,
# virtual_alias_domains keeps its default $virtual_alias_maps), full addresses as targets, the
# mailbox list as texthash: (read without postmap), and LMTP chosen per domain in transport_maps.
set -e
cat > /etc/postfix/virtual <<'TABLE'
# example.org: forwarding only
example.org                  this-domain-is-virtual
{{ alias_name }}@example.org    {{ alias_user }}@mail.example.lab
postmaster@example.org       {{ alias_user }}@mail.example.lab
TABLE
postmap hash:/etc/postfix/virtual
printf '%s\t%s\n' '{{ box_user }}@example.net' OK > /etc/postfix/vmailbox
printf '%s\t%s\n' example.net lmtp:unix:private/dovecot-lmtp > /etc/postfix/transport
postmap /etc/postfix/transport
cat >> /etc/postfix/main.cf <<'MAINCF'
virtual_alias_maps = hash:/etc/postfix/virtual
virtual_mailbox_domains = example.net
virtual_mailbox_maps = texthash:/etc/postfix/vmailbox
transport_maps = hash:/etc/postfix/transport
MAINCF
