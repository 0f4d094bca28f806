#!/bin/sh
# mail_location is right, but the inbox namespace's own location, which wins, still names student.
sh "$MAILLAB_LAB/solution/apply.sh"
cat > /etc/dovecot/local.conf <<'CONF'
namespace inbox {
  location = mbox:/home/student/{{ mbox_dir }}:INBOX=/var/mail/student
}
CONF
