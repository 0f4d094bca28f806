#!/bin/sh
# A second valid answer: the service named explicitly, and pam_unix written into the file directly.
set -e
sed -i 's/^  args = .*/  args = failure_show_msg=yes dovecot/' /etc/dovecot/conf.d/auth-system.conf.ext
cat > /etc/pam.d/dovecot <<'PAM'
# Dovecot: passwords and account state from /etc/passwd and /etc/shadow.
auth     required pam_unix.so
account  required pam_unix.so
session  required pam_unix.so
PAM
chmod 0644 /etc/pam.d/dovecot
