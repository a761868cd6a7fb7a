# /proc/net as tools read it, in what holds on any host: a link to
# self/net, the headers of the interface and socket tables, the loopback
# interface in dev and its ::1 in if_inet6.
readlink /proc/net
test -d /proc/self/net && echo "self/net is a directory"
head -n 2 /proc/net/dev
for f in tcp tcp6 udp udp6 unix route; do
	head -n 1 /proc/net/$f
done
grep -c '^ *lo:' /proc/net/dev
grep ' lo$' /proc/net/if_inet6
