#!/usr/bin/env bash
# The release's entry, inside the unpacked folder: runs the bundled program on the bundled Deno
# with the permission flags of ./hewston (scripts/launcher.bash, copied here unchanged).
set -euo pipefail
app="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# No update check, no config or lock file from the user's working directory, no downloads.
export DENO_NO_UPDATE_CHECK=1
# shellcheck source=../launcher.bash
. "$app/launcher.bash"
hewston_launch "$app/deno" "$app" "$app/main.js" --no-config --no-lock --no-remote --no-npm -- "$@"
