#!/bin/sh
# Reference answer: the size limit in bytes, no mailbox cap in Postfix, the quota plugin for every protocol.
set -e
postconf -e message_size_limit={{ size_limit }} mailbox_size_limit=0
cat > /etc/dovecot/conf.d/90-quota.conf <<'CONF'
mail_plugins = $mail_plugins quota
plugin {
  quota = maildir:User quota
  quota_rule = *:storage={{ quota_mib }}M
}
CONF
