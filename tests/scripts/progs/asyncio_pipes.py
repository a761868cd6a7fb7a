# asyncio with two subprocesses at once: communicate() on both, then two
# pipes read line by line concurrently.  Prints what it read.
import asyncio
import sys


async def run(name, *args):
    proc = await asyncio.create_subprocess_exec(
        *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    return name, proc.returncode, out.decode(), err.decode()


async def count(stream):
    n = total = 0
    async for line in stream:
        n += 1
        total += int(line)
    return n, total


async def main():
    results = await asyncio.gather(
        run("a", sys.executable, "-c",
            "import sys\nfor i in range(3): print('a', i)\nsys.stderr.write('to stderr\\n')"),
        run("b", "/bin/sh", "-c", "for i in 1 2 3 4; do echo b $i; done; exit 3"),
    )
    for name, code, out, err in sorted(results):
        print(name, code, out.split("\n"), err.strip())
    p1 = await asyncio.create_subprocess_exec("/bin/sh", "-c", "seq 1 500",
                                              stdout=asyncio.subprocess.PIPE)
    p2 = await asyncio.create_subprocess_exec("/bin/sh", "-c", "seq 1 2000",
                                              stdout=asyncio.subprocess.PIPE)
    r1, r2 = await asyncio.gather(count(p1.stdout), count(p2.stdout))
    print(r1, r2, await p1.wait(), await p2.wait())
    # A subprocess fed through stdin while its output is read.
    p3 = await asyncio.create_subprocess_exec("/bin/sh", "-c", "tr a-z A-Z",
                                              stdin=asyncio.subprocess.PIPE,
                                              stdout=asyncio.subprocess.PIPE)
    out, _ = await p3.communicate(b"hello asyncio\n" * 1000)
    print(len(out), out[:14].decode().strip(), p3.returncode)


asyncio.run(main())
