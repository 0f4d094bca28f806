#!/bin/sh
# A second valid answer: main.cf edited by hand with a mailbox cap larger than the message limit,
# and the quota plugin loaded per protocol (LMTP to enforce it, IMAP to show it), the rule in KiB.
set -e
sed -i -e '/^message_size_limit[[:space:]]*=/d' -e '/^mailbox_size_limit[[:space:]]*=/d' /etc/postfix/main.cf
printf '%s\n' 'message_size_limit = {{ size_limit }}' 'mailbox_size_limit = 1073741824' >> /etc/postfix/main.cf
kib=$(({{ quota_mib }} * 1024))
cat > /etc/dovecot/local.conf <<CONF
protocol lmtp {
  mail_plugins = \$mail_plugins quota
}
protocol imap {
  mail_plugins = \$mail_plugins quota imap_quota
}
plugin {
  quota = maildir:Mailbox
  quota_rule = *:storage=${kib}K
}
CONF
