#!/bin/sh
# Another answer: the folders are made beforehand with doveadm, and the script lives in
# ~/sieve/sorting.sieve, activated by a symlink; one if/elsif chain, no stop, an explicit keep.
set -e
for box in "{{ lists_folder }}" "{{ invoice_folder }}" "{{ big_folder }}"; do
  doveadm mailbox create -u alice "$box"
done
install -d -o alice -g alice -m 0700 /home/alice/sieve
cat > /home/alice/sieve/sorting.sieve <<'SIEVE'
# alice's sorting rules
require "fileinto";
if header :matches "list-id" "*" {
  fileinto "{{ lists_folder }}";
} elsif address :all :is "From" "accounting@mail.example.lab" {
  if header :contains "Subject" "[invoice]" {
    fileinto "{{ invoice_folder }}";
  } elsif size :over {{ size_kb * 1024 }} {
    fileinto "{{ big_folder }}";
  } else {
    keep;
  }
} elsif size :over {{ size_kb * 1024 }} {
  fileinto "{{ big_folder }}";
} else {
  keep;
}
SIEVE
chown alice:alice /home/alice/sieve/sorting.sieve
ln -sfn sieve/sorting.sieve /home/alice/.dovecot.sieve
chown -h alice:alice /home/alice/.dovecot.sieve
