#!/bin/sh
# Separate ifs without stop: a large list message is filed by two rules.
set -e
cat > /home/alice/.dovecot.sieve <<'SIEVE'
require ["fileinto", "mailbox"];
if exists "List-Id" { fileinto :create "{{ lists_folder }}"; }
if allof (address :is "from" "accounting@mail.example.lab", header :contains "subject" "[invoice]") {
  fileinto :create "{{ invoice_folder }}";
}
if size :over {{ size_kb }}K { fileinto :create "{{ big_folder }}"; }
SIEVE
chown alice:alice /home/alice/.dovecot.sieve
