# Helpers shared by the bench scripts (sourced, not run). Every server binds 127.0.0.1.
# The caller sets BENCH_PIDS=() and traps bench_cleanup on EXIT.

BENCH_PIDS=()

# A free TCP port on the loopback interface (asked from the kernel, then released).
bench_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Waits until something accepts connections on 127.0.0.1:$1 (about 30 s at most).
bench_wait_port() {
  local port=$1 what=$2 log=${3:-}
  for _ in $(seq 1 150); do
    (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on port $port ($what)${log:+; see $log}" >&2
  [ -n "$log" ] && tail -n 30 "$log" >&2
  return 1
}

# Stops one process started by the bench, by its id, and waits for it.
bench_stop() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do bench_stop "$pid"; done
  BENCH_PIDS=()
}

# CPU time (user + system) of a process in clock ticks, from /proc/<pid>/stat fields 14 and 15.
bench_cpu_ticks() {
  # Fields are counted after the ')' that closes the command name (which may hold spaces).
  sed -e 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# CPU use between two tick readings over a wall time in seconds, as a percentage of one core.
bench_cpu_percent() {
  local before=$1 after=$2 seconds=$3
  awk -v b="$before" -v a="$after" -v s="$seconds" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (a - b) / hz / s * 100 }'
}

# Peak resident set size of a process so far (VmHWM), in MB.
bench_peak_rss_mb() {
  awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# Milliseconds since the epoch, for wall time measurements.
bench_now_ms() {
  date +%s%3N
}

# Installs wrk from Debian when it is missing (the bench machines run as root).
bench_require_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  echo "installing wrk (apt-get)..." >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null
  fi
}

# Azurite's public development account (not a secret) on a given table port.
bench_azurite_connection() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$1/devstoreaccount1;"
}

# Starts an in-memory Azurite table service on 127.0.0.1:$1; sets AZURITE_PID.
bench_start_azurite() {
  local port=$1 log=$2
  node_modules/.bin/azurite-table --inMemoryPersistence --tableHost 127.0.0.1 --tablePort "$port" \
    --skipApiVersionCheck --disableProductStyleUrl --silent > "$log" 2>&1 &
  AZURITE_PID=$!
  BENCH_PIDS+=("$AZURITE_PID")
  bench_wait_port "$port" azurite "$log"
}
