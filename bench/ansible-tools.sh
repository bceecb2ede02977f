#!/usr/bin/env bash
# Makes Debian's ansible-core runnable from a tools directory WITHOUT installing it on the machine: lab hosts share
# the machine's root, so an installed package would appear inside every host. Prints the directory.
# Usage: bench/ansible-tools.sh [DIR]   (default .provision/tools/ansible)
set -euo pipefail
dir="${1:-.provision/tools/ansible}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
if [ -x "$dir/bin/ansible-playbook" ]; then echo "$dir"; exit 0; fi
pkgs=(ansible-core python3-jinja2 python3-markupsafe python3-yaml python3-packaging python3-resolvelib python3-cryptography python3-cffi-backend python3-distutils)
debs="$dir/debs"
mkdir -p "$debs"
( cd "$debs" && apt-get download "${pkgs[@]}" >/dev/null 2>&1 ) || { apt-get update -q >/dev/null && ( cd "$debs" && apt-get download "${pkgs[@]}" >/dev/null ); }
for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$dir/root"; done
mkdir -p "$dir/bin"
for tool in ansible-playbook ansible; do
  cat > "$dir/bin/$tool" <<SH
#!/bin/sh
PYTHONPATH="$dir/root/usr/lib/python3/dist-packages\${PYTHONPATH:+:\$PYTHONPATH}" exec /usr/bin/python3 "$dir/root/usr/bin/$tool" "\$@"
SH
  chmod +x "$dir/bin/$tool"
done
"$dir/bin/ansible-playbook" --version >/dev/null
echo "$dir"
