# pyfork.py — run many `python3 ARGS…` commands of one test file on one
# import of torch and numpy (each import costs 2-3 s of CPU on the test machine).
#
#   python3 pyfork.py serve SOCKET   the server: imports torch and numpy, then
#       for each client forks a child that runs the client's command as a fresh
#       interpreter would (a script or -m MODULE as __main__, or -c CODE) with
#       the client's stdin, stdout, stderr and working directory; sends back
#       its exit status. Prints "ready" when it listens; exits when its stdin
#       closes (the test process ended).
#   python3 pyfork.py SOCKET ARGS…   a client (no torch import: ~30 ms): runs
#       ARGS in a child of the server and exits with its status, so that
#       spawnSync(PY, [pyfork.py, SOCKET, …ARGS]) behaves as spawnSync(PY, ARGS).
#
# Each command gets a fork of the server as it was right after the imports:
# no state passes from one command to the next. tests/node/helpers/python.js
# starts the server (startPython) and runs commands through it (python).
import json
import os
import socket
import sys

MAX_FDS = 3


def client(path, args):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    job = json.dumps({"args": args, "cwd": os.getcwd()}).encode()
    socket.send_fds(s, [len(job).to_bytes(4, "big") + job], [0, 1, 2])
    reply = b""
    while not reply.endswith(b"\n"):
        chunk = s.recv(64)
        if not chunk:
            sys.exit("pyfork: the server closed the connection without a status")
        reply += chunk
    status = int(reply)
    if status < 0:  # killed by a signal: die the same way
        os.kill(os.getpid(), -status)
    sys.exit(status)


def run_child(job, fds):
    """In the forked child: the command of one client, as `python3 ARGS` would run it."""
    import builtins
    import random
    import runpy
    import traceback

    import numpy
    import torch
    # a new interpreter seeds these from the OS: so does each child (not the server's state)
    random.seed()
    numpy.random.seed()
    torch.seed()
    for i, fd in enumerate(fds):
        os.dup2(fd, i)
        os.close(fd)
    os.chdir(job["cwd"])
    args = job["args"]
    code = 0
    try:
        if args[0] == "-c":
            sys.argv = ["-c", *args[2:]]
            sys.path[0] = ""
            exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__", "__builtins__": builtins})
        elif args[0] == "-m":
            sys.argv = [args[1], *args[2:]]
            sys.path[0] = os.getcwd()
            runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = list(args)
            sys.path[0] = os.path.dirname(os.path.abspath(args[0]))
            runpy.run_path(args[0], run_name="__main__")
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:
            print(e.code, file=sys.stderr)
            code = 1
    except BaseException as e:  # noqa: B036 — as the interpreter: the traceback (from the command's frames), status 1
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code & 0xFF)


def serve(path):
    import selectors
    import threading
    import numpy  # noqa: F401 — imported once here, inherited by every child
    import torch  # noqa: F401

    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(64)
    print("ready", flush=True)

    def answer(conn, pid):
        _, st = os.waitpid(pid, 0)
        status = -os.WTERMSIG(st) if os.WIFSIGNALED(st) else os.WEXITSTATUS(st)
        try:
            conn.sendall(f"{status}\n".encode())
        finally:
            conn.close()

    sel = selectors.DefaultSelector()
    sel.register(srv, selectors.EVENT_READ)
    sel.register(sys.stdin.fileno(), selectors.EVENT_READ)
    while True:
        for key, _ in sel.select():
            if key.fileobj != srv:
                if not os.read(sys.stdin.fileno(), 4096):  # the test process is gone
                    srv.close()
                    os.unlink(path)
                    return
                continue
            conn, _ = srv.accept()
            msg, fds, _, _ = socket.recv_fds(conn, 1 << 16, MAX_FDS)
            while len(msg) < 4 or len(msg) < 4 + int.from_bytes(msg[:4], "big"):
                more = conn.recv(1 << 16)
                if not more:
                    break
                msg += more
            job = json.loads(msg[4:4 + int.from_bytes(msg[:4], "big")])
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                srv.close()
                conn.close()
                run_child(job, fds)
            for fd in fds:
                os.close(fd)
            threading.Thread(target=answer, args=(conn, pid), daemon=True).start()


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        client(sys.argv[1], sys.argv[2:])
