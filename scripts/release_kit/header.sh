#!/bin/sh
# Hewston @VERSION@: one self-extracting file. This POSIX shell header is followed by a gzip'd tar
# payload (the Deno runtime, the bundled program and the UI), unpacked once into a per-version
# cache folder, checked against its sha256, then run with the permission flags of ./hewston.
# Built by scripts/release; the README's "Release" section explains it.
set -eu
version=@VERSION@
sha256=@SHA256@
size=@SIZE@
skip=@SKIP@
self=$0
die() { printf 'hewston: %s\n' "$*" >&2; exit 1; }
base=${XDG_CACHE_HOME:-${HOME:?hewston: neither XDG_CACHE_HOME nor HOME is set}/.cache}/hewston
app=$base/$version-@SHA12@

unpack() {
  [ -f "$app/.complete" ] && return 0
  tmp=$(mktemp -d "$base/.unpack.XXXXXX") || die "cannot create a folder in $base"
  trap 'rm -rf "$tmp"' EXIT INT TERM
  tail -c +"$((skip + 1))" "$self" >"$tmp/payload" || die "cannot read $self"
  got=$(wc -c <"$tmp/payload" | tr -d ' ')
  [ "$got" = "$size" ] ||
    die "$self is damaged (payload is $got bytes, expected $size): download or build it again"
  mkdir "$tmp/app" || die "cannot create a folder in $base"
  # Hash while unpacking (two cores); nothing is used before the hash matches.
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$tmp/payload" >"$tmp/sum" &
  else shasum -a 256 "$tmp/payload" >"$tmp/sum" & fi
  hasher=$!
  unpacked=yes
  gzip -dc "$tmp/payload" 2>/dev/null | tar -xf - -C "$tmp/app" 2>/dev/null || unpacked=no
  wait "$hasher" || die "cannot compute the sha256 of $self"
  read -r got _ <"$tmp/sum"
  [ "$got" = "$sha256" ] ||
    die "$self is corrupted (payload sha256 $got, expected $sha256): download or build it again"
  [ "$unpacked" = yes ] && [ -f "$tmp/app/hewston" ] || die "cannot unpack $self into $base"
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
