#!/bin/sh
# The quota plugin for IMAP alone: it shows a quota, but LMTP stores whatever comes.
set -e
postconf -e message_size_limit={{ size_limit }} mailbox_size_limit=0
cat > /etc/dovecot/conf.d/90-quota.conf <<'CONF'
protocol imap {
  mail_plugins = $mail_plugins quota imap_quota
}
plugin {
  quota = maildir:User quota
  quota_rule = *:storage={{ quota_mib }}M
}
CONF
