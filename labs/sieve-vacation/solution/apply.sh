#!/bin/sh
# Reference answer: a plain ~/.dovecot.sieve with one vacation command guarded against spam.
set -e
cat > /home/alice/.dovecot.sieve <<'SIEVE'
require "vacation";

if not header :is "X-Spam-Flag" "YES" {
  vacation :days 7 :subject "Away until {{ return_day }}"
    "alice is away and will read your message when she is back.";
}
SIEVE
chown alice:alice /home/alice/.dovecot.sieve
