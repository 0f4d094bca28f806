#!/bin/sh
# postsuper -d ALL: the spam is gone, and the invoice and the notes with it.
set -e
postconf -X transport_maps
postsuper -d ALL
postfix reload
