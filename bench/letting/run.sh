#!/bin/sh
# Load test of POST /api/v1/letting/decisions with the decision log on
# (SQLite, synchronous=FULL, group commit): builds and starts the bench
# server, runs wrk on loopback, prints req/s and latency percentiles and the
# number of decisions logged.
#   bench/letting/run.sh [connections] [seconds] [threads]
# BENCH_TMPDIR=/dev/shm puts the database on tmpfs (fsync costs nothing
# there), to tell the disk's share of the latency from the server's.
set -eu
conns=${1:-16}; secs=${2:-20}; threads=${3:-2}
dir=$(mktemp -d "${BENCH_TMPDIR:-/tmp}/blandby-letting-XXXXXX")
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
go build -o "$dir/bench" ./bench/letting
"$dir/bench" --db "$dir/blandby.db" --addr 127.0.0.1:8089 --token-out "$dir/token" > "$dir/server.log" 2>&1 &
pid=$!
i=0; until [ -s "$dir/token" ] && grep -q serving "$dir/server.log"; do i=$((i+1)); [ $i -gt 100 ] && { cat "$dir/server.log"; exit 1; }; sleep 0.1; done
# the server's CPU time (user + system, clock ticks) before and after
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(cpu)
BLANDBY_TOKEN=$(cat "$dir/token") wrk -t"$threads" -c"$conns" -d"${secs}s" -s bench/letting/post.lua http://127.0.0.1:8089/api/v1/letting/decisions | tee "$dir/wrk.out"
after=$(cpu)
kill -TERM "$pid"; wait "$pid" || true
grep "decisions logged" "$dir/server.log"
n=$(awk '/^requests/ {print $2}' "$dir/wrk.out")
echo "server CPU: $(( (after - before) * 10 )) ms for $n requests, $(( (after - before) * 10000 / n )) µs per request (CLK_TCK 100); load average $(cut -d' ' -f1-3 /proc/loadavg)"
