#!/bin/sh
# Reference answer: the old file rewritten in 2.x syntax, still one self-contained dovecot.conf.
set -e
cat > /etc/dovecot/dovecot.conf <<'CONF'
## mail.example.lab, Dovecot 2.3 syntax (translated from the 1.2 configuration).
protocols = imap pop3
listen = *
ssl = required
ssl_cert = </etc/ssl/certs/ssl-cert-snakeoil.pem
ssl_key = </etc/ssl/private/ssl-cert-snakeoil.key
disable_plaintext_auth = yes
mail_location = maildir:~/Maildir
mail_privileged_group = mail
log_path = syslog

protocol pop3 {
  pop3_uidl_format = %08Xu%08Xv
}

# The old server offered POP3 over TLS only (pop3s).
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}

auth_mechanisms = plain login cram-md5
passdb {
  driver = passwd-file
  args = /etc/dovecot/{{ users_file }}.users
}
passdb {
  driver = pam
}
userdb {
  driver = passwd-file
  args = /etc/dovecot/{{ users_file }}.users
}
userdb {
  driver = passwd
}
service auth {
  user = root
}
CONF
