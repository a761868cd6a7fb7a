## needs: su setpriv awk
# Changing user as root does: su and runuser open a PAM session, whose
# pam_limits starts from init's limits (/proc/1/limits), then run the
# command as the user; setpriv changes ids without PAM.
if [ "$(id -u)" != 0 ]; then
	echo "not root: nothing to check"
	exit 0
fi
su nobody -s /bin/sh -c 'id -u; id -g; echo "$HOME"'
echo "su: $?"
su -s /bin/sh -c 'exit 3' nobody
echo "su exit: $?"
/usr/sbin/runuser -u nobody -- id -un 2>/dev/null || su -s /bin/sh -c "id -un" nobody
echo "runuser: $?"
setpriv --reuid=65534 --regid=65534 --clear-groups id
setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'touch /root/x 2>/dev/null; echo "touch /root/x: $?"'
# pid 1's limits are no tighter than nothing at all.
awk '/^Max open files/ { print ($4 == "unlimited" || $4 > 0) ? "init may open files" : "init may not open files" }' /proc/1/limits
