#!/bin/sh
# A second valid answer: one key and certificate made with openssl for both servers,
# kept in a folder of our own, owned by courier with a group of its own that holds no one;
# switches replaced line by line.
# POP3's TLS_CERTFILE is set in pop3d, not pop3d-ssl: the start scripts source both.
set -e
mkdir -p /etc/courier/tls
dir=$(mktemp -d)
openssl req -new -x509 -nodes -days 365 -newkey rsa:2048 -subj /CN=mail.example.lab \
  -keyout "$dir/key" -out "$dir/cert" >/dev/null 2>&1
umask 077
cat "$dir/key" "$dir/cert" > /etc/courier/tls/mail.pem
rm -rf "$dir"
groupadd -f tlskeys
chown courier:tlskeys /etc/courier/tls/mail.pem
chmod 0640 /etc/courier/tls/mail.pem
# The init scripts read the *START switches with sed, so each must appear once: change them in place.
sed -i -e '/^IMAPDSSLSTART=/c\IMAPDSSLSTART="YES"' -e '/^IMAPDSTARTTLS=/c\IMAPDSTARTTLS="YES"' \
  -e '/^IMAP_TLS_REQUIRED=/c\IMAP_TLS_REQUIRED="1"' -e '/^TLS_CERTFILE=/c\TLS_CERTFILE=/etc/courier/tls/mail.pem' \
  /etc/courier/imapd-ssl
sed -i -e '/^POP3DSSLSTART=/c\POP3DSSLSTART="YES"' -e '/^POP3_STARTTLS=/c\POP3_STARTTLS="YES"' \
  -e '/^TLS_CERTFILE=/d' /etc/courier/pop3d-ssl
echo 'TLS_CERTFILE=/etc/courier/tls/mail.pem' >> /etc/courier/pop3d
for service in courier-imap-ssl courier-imap courier-pop-ssl courier-pop; do
  /etc/init.d/$service restart </dev/null >/dev/null 2>&1
done
