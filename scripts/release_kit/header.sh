#!/bin/sh
# Hewston @VERSION@: one self-extracting file. This POSIX shell header is followed by the payload:
# an xz'd tar of the app (bundled program, UI, launcher) and the Deno runtime as two gzip'd
# halves, so two cores unpack it at once. The payload is unpacked once into a per-version cache
# folder, checked against its sha256, then run with the permission flags of ./hewston.
# Built by scripts/release; the README's "Release" section explains it.
set -eu
version=@VERSION@
sha256=@SHA256@
size=@SIZE@
app_xz=@APP_XZ@
deno_gz1=@DENO_GZ1@
deno_split_mib=@DENO_SPLIT_MIB@
skip=@SKIP@
self=$0
die() { printf 'hewston: %s\n' "$*" >&2; exit 1; }
base=${XDG_CACHE_HOME:-${HOME:?hewston: neither XDG_CACHE_HOME nor HOME is set}/.cache}/hewston
app=$base/$version-@SHA12@

# segment OFFSET [BYTES]: the payload bytes from OFFSET (1-based within the file), BYTES of them.
segment() { if [ $# -gt 1 ]; then tail -c +"$1" "$self" | head -c "$2"; else tail -c +"$1" "$self"; fi; }

unpack() {
  [ -f "$app/.complete" ] && return 0
  tmp=$(mktemp -d "$base/.unpack.XXXXXX") || die "cannot create a folder in $base"
  trap 'rm -rf "$tmp"' EXIT INT TERM
  total=$(wc -c <"$self" | tr -d ' ') || die "cannot read $self"
  [ "$total" = "$((skip + size))" ] ||
    die "$self is damaged (payload is $((total - skip)) bytes, expected $size): download or build it again"
  mkdir "$tmp/app" || die "cannot create a folder in $base"
  at=$((skip + 1))
  # Hash and unpack at once; nothing unpacked is used before the hash matches.
  if command -v sha256sum >/dev/null 2>&1; then segment "$at" | sha256sum >"$tmp/sum" &
  else segment "$at" | shasum -a 256 >"$tmp/sum" & fi
  hasher=$!
  # The runtime's second half, written at its offset while the rest unpacks.
  segment "$((at + app_xz + deno_gz1))" | gzip -dc 2>/dev/null |
    dd of="$tmp/app/deno" bs=1048576 seek="$deno_split_mib" conv=notrunc 2>/dev/null &
  half=$!
  unpacked=yes
  { segment "$at" "$app_xz" | xz -dc | tar -xf - -C "$tmp/app" &&
    segment "$((at + app_xz))" "$deno_gz1" | gzip -dc |
    dd of="$tmp/app/deno" bs=1048576 conv=notrunc; } 2>/dev/null || unpacked=no
  wait "$half" || unpacked=no
  wait "$hasher" || die "cannot compute the sha256 of $self"
  read -r got _ <"$tmp/sum"
  [ "$got" = "$sha256" ] ||
    die "$self is corrupted (payload sha256 $got, expected $sha256): download or build it again"
  [ "$unpacked" = yes ] && [ -f "$tmp/app/hewston" ] && chmod 755 "$tmp/app/deno" ||
    die "cannot unpack $self into $base"
  : >"$tmp/app/.complete"
  # A folder without its completion mark was left by someone else: replace it.
  [ -d "$app" ] && rm -rf "$app"
  # A rename is atomic: a concurrent start sees either no folder or a complete one.
  mv "$tmp/app" "$app" 2>/dev/null || [ -f "$app/.complete" ] || die "cannot install into $app"
  rm -rf "$tmp"
  trap - EXIT INT TERM
}

if [ ! -f "$app/.complete" ]; then
  mkdir -p "$base" || die "cannot create $base"
  if command -v flock >/dev/null 2>&1; then
    # One unpack at a time; the others wait, then find it done.
    (flock 9 && unpack) 9>"$base/.lock" || exit 1
  else
    (unpack) || exit 1
  fi
fi
exec "$app/hewston" "$@"
