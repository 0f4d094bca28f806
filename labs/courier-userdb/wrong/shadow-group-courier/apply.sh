#!/bin/sh
# "The Courier daemons need it": the compiled password database handed to group courier.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
chgrp courier /etc/courier/userdbshadow.dat
chmod 0640 /etc/courier/userdbshadow.dat
