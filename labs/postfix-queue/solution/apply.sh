#!/bin/sh
# Reference answer: the spam deleted by ID from postqueue -j first (a reload lets the queue manager
# try deferred mail again at once), then no transport table, the held message released, the rest flushed.
set -e
postqueue -j | python3 -c '
import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message["sender"].endswith("@{{ spam_label }}.example"):
        print(message["queue_id"])
' | postsuper -d -
postconf -X transport_maps
postsuper -H ALL
service postfix restart >/dev/null 2>&1
postqueue -f
