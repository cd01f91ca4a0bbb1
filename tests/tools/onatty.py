#!/usr/bin/python3
"""tests/tools/onatty.py - run a command on a pseudo-terminal (its stdin,
stdout and stderr), print what it wrote there, exit with its status: what
a program shows a user at a terminal, for tests.

usage: pty.py COMMAND [ARG...]
"""
import os
import pty
import sys


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(argv[1], argv[1:])
        finally:
            os._exit(127)
    out = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:     # EIO: the child has closed the terminal
            break
        if not data:
            break
        out += data
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(out)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
