#!/bin/sh
# Reference answer: both domains named in main.cf, a hash: table for each, delivery over LMTP.
set -e
cat > /etc/postfix/virtual <<'TABLE'
{{ alias_name }}@example.org    {{ alias_user }}
postmaster@example.org    {{ alias_user }}
TABLE
cat > /etc/postfix/vmailbox <<'TABLE'
{{ box_user }}@example.net    example.net/{{ box_user }}/
TABLE
postmap /etc/postfix/virtual
postmap /etc/postfix/vmailbox
postconf -e 'virtual_alias_domains = example.org' \
  'virtual_alias_maps = hash:/etc/postfix/virtual' \
  'virtual_mailbox_maps = hash:/etc/postfix/vmailbox' \
  'virtual_mailbox_domains = example.net' \
  'virtual_transport = lmtp:unix:private/dovecot-lmtp'
