#!/bin/sh
# Another answer: a script under ~/sieve/ made active by a symlink; spam ends the script with
# an explicit keep and stop; the reason is a multi-line text.
set -e
install -d -o alice -g alice -m 0700 /home/alice/sieve
cat > /home/alice/sieve/away.sieve <<'SIEVE'
require ["vacation"];
if header :contains "x-spam-flag" "yes" {
  keep;
  stop;
}
vacation :subject "Away until {{ return_day }}" :days 7 text:
Hello,

I am away at the moment and will answer when I am back.
.
;
SIEVE
chown alice:alice /home/alice/sieve/away.sieve
ln -sfn sieve/away.sieve /home/alice/.dovecot.sieve
chown -h alice:alice /home/alice/.dovecot.sieve
