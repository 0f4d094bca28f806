#!/bin/sh
# The vacation answers everything, spam included.
set -e
cat > /home/alice/.dovecot.sieve <<'SIEVE'
require "vacation";
vacation :days 7 :subject "Away until {{ return_day }}" "alice is away.";
SIEVE
chown alice:alice /home/alice/.dovecot.sieve
