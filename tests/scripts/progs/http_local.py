# python3 -m http.server on 127.0.0.1 and a urllib client, both here: the
# server serves a directory made for it; the client fetches a file, the
# listing and a missing name.  Prints what it got.
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
os.makedirs("www", exist_ok=True)
with open("www/hello.txt", "w") as f:
    f.write("hello from the server\n" * 3)
srv = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                        "--directory", "www", str(port)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
# Until the server listens (no timing: it is asked again until it answers).
while True:
    try:
        with socket.create_connection(("127.0.0.1", port)):
            break
    except OSError:
        time.sleep(0.05)
base = "http://127.0.0.1:%d" % port
print(urllib.request.urlopen(base + "/hello.txt").read().decode(), end="")
r = urllib.request.urlopen(base + "/")
print(r.status, r.headers.get_content_type(), "hello.txt" in r.read().decode())
try:
    urllib.request.urlopen(base + "/missing")
except urllib.error.HTTPError as e:
    print("missing:", e.code)
srv.terminate()
print("server exit", srv.wait())
