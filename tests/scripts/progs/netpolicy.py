# What the network lets a program reach: argv[1] is a port on the host's
# loopback where a listener waits.  Prints one line per attempt.
import errno
import socket
import sys


def attempt(what, fn):
    try:
        fn()
        print(what, "ok")
    except OSError as e:
        print(what, errno.errorcode.get(e.errno, e.errno))


def tcp(addr):
    s = socket.socket(socket.AF_INET6 if ":" in addr[0] else socket.AF_INET)
    s.settimeout(10)
    try:
        s.connect(addr)
    finally:
        s.close()


def udp(addr):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.sendto(b"x", addr)
    finally:
        s.close()


port = int(sys.argv[1])
attempt("host listener on 127.0.0.1", lambda: tcp(("127.0.0.1", port)))
attempt("tcp 10.1.2.3:80", lambda: tcp(("10.1.2.3", 80)))
attempt("tcp 192.0.2.1:443", lambda: tcp(("192.0.2.1", 443)))
attempt("tcp [2001:db8::1]:80", lambda: tcp(("2001:db8::1", 80)))
attempt("udp 8.8.8.8:53", lambda: udp(("8.8.8.8", 53)))
attempt("udp 127.0.0.1:9", lambda: udp(("127.0.0.1", 9)))
