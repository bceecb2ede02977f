#!/usr/bin/env bash
# The main job, end to end: runs the example playbook against a scratch directory, shows that a second run
# changes nothing, and that --check on the converged target predicts no change.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${PROVISION_DEMO_DIR:-$(mktemp -d)/example}"
provision() { node bin/provision.js "$@"; }

echo "== first run: lays out the example app under $target"
provision -i 'localhost,' -c local playbooks/example.yml -e "target_dir=$target"
echo
echo "== second run: nothing to change"
provision -i 'localhost,' -c local playbooks/example.yml -e "target_dir=$target"
echo
echo "== --check --diff on the converged target: predicts no change"
provision -i 'localhost,' -c local playbooks/example.yml -e "target_dir=$target" --check --diff
