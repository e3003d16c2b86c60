# shellcheck shell=bash
# The one place that turns a `hewston` command line into Deno permission flags. Sourced by
# ./hewston (runs main.ts from this checkout) and by the release's entry script (runs the
# bundled main.js from the unpacked release), so both grant exactly the same:
#   read:  the app folder (code, wasm, UI), the data dir, and paths named on the command line
#          (alone or as --option=PATH), each with its resolved symlink target
#   write: the data dir only
#   net:   loopback (+ the --host to serve on), Databento's API host (or HEWSTON_DATABENTO_URL's),
#          the Redis host:port of --queue redis://[:password@]HOST:PORT, and the worker's
#          --server http(s)://HOST:PORT
#   env:   the variables Hewston reads (+ with a queue, those its Redis libraries read)

# hewston_launch DENO APP_DIR ENTRY [DENO_FLAG...] -- [HEWSTON_ARG...]
# Replaces the shell with `DENO run <flags> ENTRY HEWSTON_ARG...`.
hewston_launch() {
  local deno="$1" app="$2" entry="$3"
  shift 3
  local extra=()
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do extra+=("$1"); shift; done
  if [ "$#" -gt 0 ]; then shift; fi

  local data_dir="${HEWSTON_DATA_DIR:-data}" host="" queue="" queue_file="" server="" prev="" arg
  local path real link
  local reads=()
  for arg in "$@"; do
    case "$prev" in
      --data-dir) data_dir="$arg" ;;
      --host) host="$arg" ;;
      --queue) queue="$arg" ;;
      --queue-file) queue_file="$arg" ;;
      --server) server="$arg" ;;
    esac
    case "$arg" in
      --data-dir=*) data_dir="${arg#--data-dir=}" ;;
      --host=*) host="${arg#--host=}" ;;
      --queue=*) queue="${arg#--queue=}" ;;
      --queue-file=*) queue_file="${arg#--queue-file=}" ;;
      --server=*) server="${arg#--server=}" ;;
    esac
    # Input files and folders named as arguments (DBN, CSV, Parquet) must be readable, given
    # alone or as --option=PATH. Deno checks the resolved path of a symlink, so grant the
    # link's target as well.
    path="$arg"
    case "$arg" in --*=*) path="${arg#*=}" ;; esac
    if [ -n "$path" ] && [ "${path#-}" = "$path" ] && [ -e "$path" ]; then
      reads+=("$(_hewston_abspath "$path")")
      real="$(realpath -e -- "$path" 2>/dev/null || true)"
      if [ -n "$real" ]; then reads+=("$real"); fi
      # A folder of DBN files may hold links (into a download area): grant their targets too,
      # one level down, DBN names only (what `--dbn FOLDER` reads).
      if [ -d "$path" ]; then
        for link in "$path"/*.dbn "$path"/*.dbn.zst; do
          if [ -L "$link" ]; then
            real="$(realpath -e -- "$link" 2>/dev/null || true)"
            if [ -n "$real" ]; then reads+=("$real"); fi
          fi
        done
      fi
    fi
    prev="$arg"
  done
  # Builtins only where they do (a subshell or an external command costs ~1 ms a start).
  case "$data_dir" in /*) ;; *) data_dir="$PWD/$data_dir" ;; esac
  [ -d "$data_dir" ] || mkdir -p "$data_dir"
  local data_dir_real
  data_dir_real="$(realpath -e -- "$data_dir")"

  local net="127.0.0.1,localhost,[::1],hist.databento.com"
  if [ -n "$host" ]; then
    # An IPv6 address goes into --allow-net in brackets (e.g. "::" → "[::]").
    case "$host" in *:*) case "$host" in \[*) ;; *) host="[$host]" ;; esac ;; esac
    net="$net,$host"
  fi
  if [ -n "${HEWSTON_DATABENTO_URL:-}" ]; then
    local hostport="${HEWSTON_DATABENTO_URL#*://}"
    hostport="${hostport%%/*}"
    net="$net,$hostport"
  fi

  # The queue URL: --queue, else the first line of --queue-file, else HEWSTON_QUEUE (the file and
  # the variable keep a password out of `ps`; main.ts reads them the same way).
  if [ -z "$queue" ] && [ -n "$queue_file" ] && [ -r "$queue_file" ]; then
    IFS= read -r queue <"$queue_file" || true
    queue="${queue//[[:space:]]/}"
  fi
  if [ -z "$queue" ] && [ -z "$queue_file" ]; then queue="${HEWSTON_QUEUE:-}"; queue="${queue//[[:space:]]/}"; fi
  if [ -n "$queue" ]; then
    # redis://[user:password@]HOST[:PORT][/DB] → HOST:PORT (the password never reaches a flag).
    local qhost="${queue#*://}"
    qhost="${qhost%%/*}"
    qhost="${qhost##*@}"
    case "$qhost" in *:*) ;; *) qhost="$qhost:6379" ;; esac
    net="$net,$qhost"
  fi

  if [ -n "$server" ]; then
    # http(s)://HOST[:PORT][/…] → HOST[:PORT]: a worker fetches bars from the owning server.
    local shost="${server#*://}"
    shost="${shost%%/*}"
    net="$net,$shost"
  fi

  # Only the variables Hewston reads; with a queue also those its libraries read (debug, bullmq,
  # msgpackr, semver: jobs/bullmq/scoped_env.ts, which keeps `debug` from listing the whole
  # environment, an enumeration Deno grants only to an unscoped --allow-env).
  local env_flag="--allow-env=HEWSTON_DATA_DIR,HEWSTON_TOKEN,HEWSTON_LOG_LEVEL,HEWSTON_KEEP,HEWSTON_DATABENTO_URL,HEWSTON_DATABENTO_MAX_MB,DATABENTO_API_KEY,HEWSTON_TIMINGS,HEWSTON_QUEUE,NO_COLOR,TERM"
  if [ -n "$queue" ]; then
    env_flag="$env_flag,DEBUG,DEBUG_COLORS,DEBUG_DEPTH,DEBUG_HIDE_DATE,DEBUG_SHOW_HIDDEN,NODE_ENV,BULLMQ_TEST_PREFIX,MSGPACKR_NATIVE_ACCELERATION_DISABLED,NODE_DEBUG"
  fi

  local read_list r
  read_list="$app,$(cd "$app" && pwd -P),$data_dir,$data_dir_real"
  for r in "${reads[@]+"${reads[@]}"}"; do read_list="$read_list,$r"; done

  exec "$deno" run \
    --quiet \
    --no-prompt \
    "${extra[@]+"${extra[@]}"}" \
    --allow-read="$read_list" \
    --allow-write="$data_dir,$data_dir_real" \
    --allow-net="$net" \
    "$env_flag" \
    "$entry" "$@"
}

_hewston_abspath() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }
