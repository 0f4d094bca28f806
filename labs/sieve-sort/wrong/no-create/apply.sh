#!/bin/sh
# The rules are right, but fileinto has no :create and the folders do not exist.
set -e
cat > /home/alice/.dovecot.sieve <<'SIEVE'
require "fileinto";
if exists "List-Id" { fileinto "{{ lists_folder }}"; stop; }
if allof (address :is "from" "accounting@mail.example.lab", header :contains "subject" "[invoice]") {
  fileinto "{{ invoice_folder }}"; stop;
}
if size :over {{ size_kb }}K { fileinto "{{ big_folder }}"; stop; }
SIEVE
chown alice:alice /home/alice/.dovecot.sieve
