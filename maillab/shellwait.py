"""The pause of a shell loop that waits inside the server for something to happen.

Each look costs a few processes (grep, doveadm, postqueue), and on a machine grading several labs
at once the thing awaited comes later, so a fixed short pause would spend the most where the
machine has the least to spare. `pause` sleeps 0.1 s at first, then 0.1 s longer each time up to
0.5 s, and counts in $waited the tenths of a second it has slept: a loop waits `wait` seconds with
`while [ "$waited" -lt $((wait * 10)) ]`, and passes half its wait once `[ "$waited" -ge $((wait * 5)) ]`.
"""

PAUSE = """
waited=0 step=1
pause() { sleep "0.$step"; waited=$((waited + step)); [ "$step" -lt 5 ] && step=$((step + 1)); return 0; }
"""
