# Set-up shared by tools/check and tools/demo (sourced by them, not run):
# on Debian, install the packages that are missing; configure the meson build
# directory (with the unit tests) and build sbx.
#
# Before sourcing, set top to the repository.  Afterwards build is the build
# directory: $BUILD_DIR if set (relative to the current directory), else
# build/ at the top; it is exported as BUILD_DIR for the test harness.

build=${BUILD_DIR:-$top/build}
case $build in /*) ;; *) build=$PWD/$build ;; esac
export BUILD_DIR=$build

# What building sbx and running its tests needs (Debian 12 package names).
sbx_packages=(build-essential meson ninja-build pkg-config libseccomp-dev libcap-dev
	libcriterion-dev uthash-dev libbsd-dev musl-tools python3 diffutils libjson-c-dev
	libsodium-dev busybox-static afl++ tmux strace procps)

# sbx_install: installs the missing packages; apt-get update runs only when
# something is missing.
sbx_install()
{
	if ! command -v dpkg-query >/dev/null 2>&1; then
		echo "note: not a Debian system; make sure these are installed: ${sbx_packages[*]}" >&2
		return 0
	fi
	local missing=() p
	for p in "${sbx_packages[@]}"; do
		[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "error: missing packages: ${missing[*]} (run as root, or apt-get install them)" >&2
		return 1
	fi
	echo "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			"${missing[@]}" </dev/null
}

# sbx_build: configures $build (again, if it exists) and builds.
sbx_build()
{
	if [ -f "$build/meson-private/coredata.dat" ]; then
		meson setup --reconfigure "$build" "$top" -Dtests=enabled ||
			meson setup --wipe "$build" "$top" -Dtests=enabled || return 1
	else
		meson setup "$build" "$top" -Dtests=enabled || return 1
	fi
	ninja -C "$build"
}

# sbx_build_asan: a second build of sbx with AddressSanitizer and
# UndefinedBehaviorSanitizer, for the tests that attack the sentry itself;
# its path is exported as SBX_ASAN.
sbx_build_asan()
{
	local b=$build-asan
	if [ ! -f "$b/meson-private/coredata.dat" ]; then
		meson setup "$b" "$top" -Dtests=disabled -Db_sanitize=address,undefined || return 1
	fi
	ninja -C "$b" sbx || return 1
	export SBX_ASAN=$b/sbx
}
