#!/bin/sh
# A hand-made "reply": every message is bounced back to its sender with reject, so the sender
# hears back each time and alice keeps nothing.
set -e
cat > /home/alice/.dovecot.sieve <<'SIEVE'
require "reject";
if not header :is "X-Spam-Flag" "YES" {
  reject "Away until {{ return_day }}: alice is away.";
}
SIEVE
chown alice:alice /home/alice/.dovecot.sieve
