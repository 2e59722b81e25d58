# Run by boxrun-hold.pth at the end of the interpreter's start-up when it is PID 2 of its namespace.
# It holds only the interpreter boxrun starts ahead for the next step (boxrun.c, "a Python
# interpreter started ahead"), which alone also has a pipe as fd 3: a program never has an fd 3 of
# boxrun's, and is never PID 2 of its namespace but when it is the step's program itself. fd 3
# brings "\1" and the step's arguments (after `python3 -B main.py`) as NUL-terminated strings, then
# EOF; the interpreter then goes on exactly as `python3 -B main.py ARGS...` would: the script is
# found, compiled and run only now, with the step's files in place. Anything else on fd 3 means the
# sandbox was discarded.
import os
import stat
import sys

try:
    held = stat.S_ISFIFO(os.fstat(3).st_mode)
except OSError:
    held = False
if held:
    with os.fdopen(3, 'rb') as hold:
        given = hold.read()
    if given[:1] != b'\1':
        os._exit(0)
    args = [os.fsdecode(arg) for arg in given[1:].split(b'\0')[:-1]]
    sys.argv[1:] = args
    sys.orig_argv.extend(args)
