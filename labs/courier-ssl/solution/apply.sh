#!/bin/sh
# Reference answer: Debian's certificate scripts, Debian's modes, switches in the -ssl files.
set -e
mkimapdcert >/dev/null 2>&1
mkpop3dcert >/dev/null 2>&1
chown root:courier /etc/courier/imapd.pem /etc/courier/pop3d.pem
chmod 0640 /etc/courier/imapd.pem /etc/courier/pop3d.pem
sed -i 's/^IMAPDSSLSTART=.*/IMAPDSSLSTART=YES/; s/^IMAPDSTARTTLS=.*/IMAPDSTARTTLS=YES/; s/^IMAP_TLS_REQUIRED=.*/IMAP_TLS_REQUIRED=1/' \
  /etc/courier/imapd-ssl
sed -i 's/^POP3DSSLSTART=.*/POP3DSSLSTART=YES/; s/^POP3_STARTTLS=.*/POP3_STARTTLS=YES/' /etc/courier/pop3d-ssl
for service in courier-imap courier-imap-ssl courier-pop courier-pop-ssl; do
  service "$service" restart </dev/null >/dev/null 2>&1
done
