#!/bin/sh
# Fixed and cleaned, but the deferred mail was left to wait for its next retry.
set -e
postconf -X transport_maps
postqueue -j | grep '@{{ spam_label }}.example"' | sed 's/.*"queue_id": "\([0-9A-F]*\)".*/\1/' | postsuper -d -
