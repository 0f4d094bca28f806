#!/bin/sh
# Reference answer: one plain ~/.dovecot.sieve, one if per rule, each ending in stop; fileinto
# :create makes the folders on first use.
set -e
cat > /home/alice/.dovecot.sieve <<'SIEVE'
require ["fileinto", "mailbox"];

if exists "List-Id" {
  fileinto :create "{{ lists_folder }}";
  stop;
}
if allof (address :is "from" "accounting@mail.example.lab",
          header :contains "subject" "[invoice]") {
  fileinto :create "{{ invoice_folder }}";
  stop;
}
if size :over {{ size_kb }}K {
  fileinto :create "{{ big_folder }}";
  stop;
}
SIEVE
chown alice:alice /home/alice/.dovecot.sieve
