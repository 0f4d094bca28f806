#!/bin/sh
# Reference answer: no transport table, the spam deleted by ID from postqueue -j, the rest flushed.
set -e
postconf -X transport_maps
postfix reload
postqueue -j | python3 -c '
import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message["sender"].endswith("@{{ spam_label }}.example"):
        print(message["queue_id"])
' | postsuper -d -
postsuper -H ALL
postqueue -f
