## needs: python3
# python3 -c: printing, a directory listing, subprocess, json, hashlib.
python3 -c 'print("hello from python", 6 * 7)'
python3 -c 'import os; print(sorted(os.listdir("/usr/lib/python3")) == sorted(os.listdir("/usr/lib/python3/")))'
python3 -c '
import os
os.makedirs("d/e")
for n in ("b", "a", "c"):
    open(os.path.join("d", n), "w").write(n * 3)
print(sorted(os.listdir("d")))
print([(e.name, e.is_dir()) for e in sorted(os.scandir("d"), key=lambda e: e.name)])
print(sorted((top, sorted(dirs), sorted(files)) for top, dirs, files in os.walk("d")))
os.rename("d/a", "d/z")
os.remove("d/b")
print(sorted(os.listdir("d")), open("d/z").read())
'
python3 -c 'import subprocess; r = subprocess.run(["echo", "hi"]); print("rc", r.returncode)'
python3 -c 'import subprocess; print(subprocess.run(["sh", "-c", "echo out; exit 3"], capture_output=True, text=True))'
python3 -c 'import subprocess; print(subprocess.check_output("ls d | wc -l", shell=True).decode().strip())'
python3 -c 'import json; d = json.loads("{\"a\": [1, 2, {\"b\": null}]}"); print(json.dumps(d, sort_keys=True, indent=1))'
python3 -c 'import hashlib; print(hashlib.sha256(b"sbx").hexdigest(), hashlib.md5(b"").hexdigest())'
python3 -c 'import hashlib; h = hashlib.sha1(); h.update(open("/usr/lib/os-release", "rb").read()); print(len(h.hexdigest()))'
python3 -c 'import tempfile, os; f = tempfile.NamedTemporaryFile(delete=False); f.write(b"x"); f.close(); print(os.path.getsize(f.name)); os.unlink(f.name)'
python3 -c 'import sys; print(sys.argv[1:])' a 'b c'
python3 -c 'import sys; sys.exit(4)'; echo "status $?"
python3 -c 'raise SystemExit("message")' 2>/dev/null; echo "status $?"
rm -r d
