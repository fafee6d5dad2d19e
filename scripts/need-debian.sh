#!/usr/bin/env bash
# Make sure the Debian packages a make target needs are installed, before it starts.
#
#     scripts/need-debian.sh [--for WHAT] PKG[,EXTRA...][:CHECK] ...
#
# Each argument names a package (and extra packages to install with it) and how to
# tell it is there. CHECK is a command looked up on PATH (`nginx`), a file that must
# exist (`/usr/bin/chromium`), or a shared library the dynamic linker must know
# (`libatomic.so.1`); with no CHECK, dpkg must list PKG as installed. Examples:
#
#     scripts/need-debian.sh --for 'make test' chromium,fonts-dejavu-core:/usr/bin/chromium
#     scripts/need-debian.sh --for 'make serve' nginx:nginx redis-server:redis-server
#     scripts/need-debian.sh --for 'make run' python3-venv
#
# Everything there: nothing happens. Something missing, as root on a machine with
# apt-get: `apt-get update -q` once, then one `apt-get install` of all the missing
# packages. Otherwise one sentence on stderr says what to install, and the exit
# status is 1, so make stops at once.
set -euo pipefail

what="this"
if [ "${1:-}" = "--for" ]; then
    [ $# -ge 2 ] || { echo "need-debian.sh: --for needs a value" >&2; exit 2; }
    what=$2
    shift 2
fi
[ $# -gt 0 ] || { echo "usage: need-debian.sh [--for WHAT] PKG[,EXTRA...][:CHECK] ..." >&2; exit 2; }

present() {  # PKG CHECK: is it there?
    case $2 in
        "") [ "$(dpkg-query -W -f '${db:Status-Status}' "$1" 2>/dev/null)" = installed ] ;;
        /*) [ -e "$2" ] ;;
        lib*.so*) "$(PATH=$PATH:/sbin:/usr/sbin command -v ldconfig || echo ldconfig)" -p \
                      2>/dev/null | awk -v lib="$2" '$1 == lib {found = 1} END {exit !found}' ;;
        *) command -v "$2" >/dev/null 2>&1 ;;
    esac
}

check_of() {  # the CHECK part of a spec, empty if none
    case $1 in *:*) echo "${1#*:}" ;; esac
}

missing=()   # packages to install (extras included)
named=()     # the packages the sentence names
for spec in "$@"; do
    pkgs=${spec%%:*}
    present "${pkgs%%,*}" "$(check_of "$spec")" && continue
    IFS=, read -r -a list <<<"$pkgs"
    for pkg in "${list[@]}"; do
        [ -n "$pkg" ] || continue
        case " ${missing[*]:-} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
    done
    named+=("${list[0]}")
done
[ ${#missing[@]} -gt 0 ] || exit 0

# "chromium", "chromium and nginx", "chromium, nginx and redis-server"
names=${named[0]}
if [ ${#named[@]} -gt 1 ]; then
    last=$(( ${#named[@]} - 1 ))
    names=$(IFS=,; echo "${named[*]:0:$last}")
    names="${names//,/, } and ${named[$last]}"
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "$what needs Debian's ${names}: run \`sudo apt-get install ${missing[*]}\` (or run make as root)." >&2
    else
        echo "$what needs Debian's ${names} (\`apt-get install ${missing[*]}\` on Debian), and this machine has no apt-get: install them with its own package manager." >&2
    fi
    exit 1
fi

echo "$what needs ${missing[*]}: installing (apt-get, as root)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"

for spec in "$@"; do
    pkgs=${spec%%:*}
    if ! present "${pkgs%%,*}" "$(check_of "$spec")"; then
        echo "$what needs ${pkgs%%,*}${spec#"$pkgs"}, and installing ${pkgs//,/ } did not provide it." >&2
        exit 1
    fi
done
