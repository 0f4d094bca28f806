#!/bin/sh
# IMAP's own certificate is named in imapd, but imapd-ssl, sourced after it, still names imapd.pem,
# which nobody made. POP3 is done the reference way.
set -e
mkdir -p /etc/courier/tls
dir=$(mktemp -d)
openssl req -new -x509 -nodes -days 365 -newkey rsa:2048 -subj /CN=mail.example.lab \
  -keyout "$dir/key" -out "$dir/cert" >/dev/null 2>&1
cat "$dir/key" "$dir/cert" > /etc/courier/tls/imap.pem
rm -rf "$dir"
chown root:courier /etc/courier/tls/imap.pem
chmod 0640 /etc/courier/tls/imap.pem
echo 'TLS_CERTFILE=/etc/courier/tls/imap.pem' >> /etc/courier/imapd
grep -q '^TLS_CERTFILE=/etc/courier/imapd.pem' /etc/courier/imapd-ssl
sed -i 's/^IMAPDSSLSTART=.*/IMAPDSSLSTART=YES/; s/^IMAPDSTARTTLS=.*/IMAPDSTARTTLS=YES/; s/^IMAP_TLS_REQUIRED=.*/IMAP_TLS_REQUIRED=1/' \
  /etc/courier/imapd-ssl
mkpop3dcert >/dev/null 2>&1
chown root:courier /etc/courier/pop3d.pem
chmod 0640 /etc/courier/pop3d.pem
sed -i 's/^POP3DSSLSTART=.*/POP3DSSLSTART=YES/; s/^POP3_STARTTLS=.*/POP3_STARTTLS=YES/' /etc/courier/pop3d-ssl
for service in courier-imap courier-imap-ssl courier-pop courier-pop-ssl; do
  service "$service" restart </dev/null >/dev/null 2>&1
done
