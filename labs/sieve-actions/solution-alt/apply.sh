#!/bin/sh
# Another answer: a script under ~/sieve/ made active by a symlink; redirect :copy, the envelope
# sender for the blocked address, setflag with a variable-free elsif chain.
set -e
install -d -o alice -g alice -m 0700 /home/alice/sieve
cat > /home/alice/sieve/actions.sieve <<'SIEVE'
require ["copy", "reject", "imap4flags", "envelope"];
if header :contains "x-spam-flag" "yes" {
  discard;
} elsif envelope :localpart :is "from" "{{ blocked }}" {
  reject text:
Your mail was refused.
.
;
} elsif address :localpart :is "From" "{{ boss }}" {
  redirect :copy "bob@mail.example.lab";
} elsif header :matches "Subject" "*URGENT*" {
  setflag "\\Flagged";
  keep;
}
SIEVE
chown alice:alice /home/alice/sieve/actions.sieve
ln -sfn sieve/actions.sieve /home/alice/.dovecot.sieve
chown -h alice:alice /home/alice/.dovecot.sieve
