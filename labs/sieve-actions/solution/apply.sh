#!/bin/sh
# Reference answer: one plain ~/.dovecot.sieve, one rule after another, each ending in stop.
set -e
cat > /home/alice/.dovecot.sieve <<'SIEVE'
require ["reject", "imap4flags"];

if address :is "from" "{{ boss }}@mail.example.lab" {
  redirect "bob@mail.example.lab";
  keep;
  stop;
}
if header :is "X-Spam-Flag" "YES" {
  discard;
  stop;
}
if address :is "from" "{{ blocked }}@mail.example.lab" {
  reject "alice does not accept mail from this address.";
  stop;
}
if header :contains "subject" "URGENT" {
  addflag "\\Flagged";
}
SIEVE
chown alice:alice /home/alice/.dovecot.sieve
