#!/usr/bin/env bash
# Load test of the example portal on PostgreSQL: see README.md.
#
#   bash scripts/loadtest/run.sh            # from the repository root
#
# Environment (all optional):
#   COUNCILKIT_LOAD_POSTGRES  server to create the throwaway database on
#                             (default postgres://postgres@127.0.0.1:5439/postgres?sslmode=disable)
#   PAGES_RATE=1000 JOURNEYS_RATE=200 DURATION=20s CARD=4000000000000002
#   ADDR=127.0.0.1:18080      where the portal listens
#   PROFILE=1                 record the portal's CPU with perf during each attack (needs perf)
#   OUT=/tmp/councilkit-load  where logs and profiles go
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/scripts/loadtest"
server=${COUNCILKIT_LOAD_POSTGRES:-postgres://postgres@127.0.0.1:5439/postgres?sslmode=disable}
pages_rate=${PAGES_RATE:-1000}
journeys_rate=${JOURNEYS_RATE:-200}
duration=${DURATION:-20s}
card=${CARD:-4000000000000002}
addr=${ADDR:-127.0.0.1:18080}
out=${OUT:-/tmp/councilkit-load}
mkdir -p "$out"

db="councilkit_load_$(date +%s)_$$"
# The portal refuses a role that bypasses row-level security, so the
# database belongs to a new ordinary role of the same name. The portal's
# URL is the server's with that user and database (trust or peer
# authentication assumed, as on a development server).
dburl=$(printf '%s' "$server" | sed -E "s#^(postgres(ql)?://)([^@/]*@)?([^/]*)/[^?]*#\1$db@\4/$db#")
echo "== database and role $db"
psql -q "$server" -c "CREATE ROLE $db LOGIN NOSUPERUSER NOBYPASSRLS" -c "CREATE DATABASE $db OWNER $db"

portal_pid=""
cleanup() {
	if [ -n "$portal_pid" ]; then kill "$portal_pid" 2>/dev/null || true; wait "$portal_pid" 2>/dev/null || true; fi
	psql -q "$server" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP ROLE IF EXISTS $db" || true
}
trap cleanup EXIT

echo "== building the portal and the load generator"
(cd "$root" && go build -o "$out/portal" ./examples/portal)
(cd "$here" && go build -o "$out/loadtest" .)

echo "== starting the portal on $addr (log: $out/portal.log)"
"$out/portal" -addr "$addr" -postgres "$dburl" >"$out/portal.log" 2>&1 &
portal_pid=$!
for _ in $(seq 1 100); do
	if curl -fsS "http://$addr/healthz" >/dev/null 2>&1; then break; fi
	if ! kill -0 "$portal_pid" 2>/dev/null; then echo "portal exited:"; cat "$out/portal.log"; exit 1; fi
	sleep 0.2
done
curl -fsS "http://$addr/healthz" >/dev/null

# cpu_ticks PID...: user+system CPU time of the processes, in clock ticks.
cpu_ticks() {
	local t=0 p
	for p in "$@"; do
		if [ -r "/proc/$p/stat" ]; then
			t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat")))
		fi
	done
	echo "$t"
}
# pg_pids: the PostgreSQL backends serving the portal's database.
pg_pids() {
	psql -qtA "$server" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$db'"
}

# pg_xacts: transactions committed and rolled back in the portal's database.
pg_xacts() {
	psql -qtA "$server" -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$db'"
}

# attack NAME ARGS...: runs the load generator, under perf if PROFILE=1,
# and says how much CPU the portal and its PostgreSQL backends used.
attack() {
	local name=$1; shift
	local perf_pid="" hz portal0 pg0 pids t0
	hz=$(getconf CLK_TCK)
	portal0=$(cpu_ticks "$portal_pid")
	xact0=$(pg_xacts)
	t0=$(date +%s.%N)
	if [ "${PROFILE:-0}" = 1 ] && command -v perf >/dev/null; then
		perf record -F 499 -g -p "$portal_pid" -o "$out/$name.perf.data" >/dev/null 2>&1 &
		perf_pid=$!
	fi
	"$out/loadtest" -url "http://$addr" "$@"
	# Backends opened during the attack are counted whole (they started at 0).
	pids=$(pg_pids)
	awk -v p0="$portal0" -v p1="$(cpu_ticks "$portal_pid")" -v g1="$(cpu_ticks $pids)" -v g0="${pg_before:-0}" \
		-v hz="$hz" -v t0="$t0" -v t1="$(date +%s.%N)" -v cores="$(nproc)" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
		'BEGIN { w = t1 - t0; printf "  CPU over %.1fs: portal %.1fs (%.0f%% of one core), its PostgreSQL backends %.1fs (%.0f%%); %d cores, load average %s\n", w, (p1-p0)/hz, 100*(p1-p0)/hz/w, (g1-g0)/hz, 100*(g1-g0)/hz/w, cores, load }'
	pg_before=$(cpu_ticks $pids)
	echo "  PostgreSQL transactions in the portal's database: $(( $(pg_xacts) - xact0 )) (committed + rolled back; statistics lag up to a second)"
	if [ -n "$perf_pid" ]; then
		kill -INT "$perf_pid"; wait "$perf_pid" || true
		perf report -i "$out/$name.perf.data" --no-children --sort symbol --stdio 2>/dev/null \
			| grep -E '^ +[0-9.]+%' | head -25 >"$out/$name.perf.txt" || true
		echo "  portal CPU, top functions by self time ($out/$name.perf.txt):"
		sed 's/^/    /' "$out/$name.perf.txt" | head -15
	fi
}

echo "== page views at $pages_rate/s for $duration"
attack pages -mode pages -rate "$pages_rate" -duration "$duration"
echo "== payment journeys at $journeys_rate/s for $duration (card $card)"
attack journeys -mode journeys -rate "$journeys_rate" -duration "$duration" -card "$card"
