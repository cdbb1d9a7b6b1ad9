#!/usr/bin/env bash
# Mutation testing of councilkit's money and legal-date rules.
#
# Runs gremlins (https://github.com/go-gremlins/gremlins), pinned below, on:
#   payments             amount.go only (Amount arithmetic and rounding)
#   payments/counciltax  the council tax bill, bands, reliefs, instalments
#   calendar             civil dates, bank holidays, working days
#   planning             fees.go, dates.go, schedules.go only
#   admissions/fsm       free school meals eligibility rules (not checker.go,
#                        client.go and bulk.go, the HTTP client for the DfE
#                        checking service, whose retry mutants time out)
# and prints each package's score (test efficacy: killed / (killed + lived)).
#
# It is NOT part of .ci/run: it rebuilds and tests every package once per
# mutant and takes tens of minutes on a small machine. Run it by hand before
# changing money or date rules, and after adding tests:
#
#   scripts/mutation.sh                      # every package above
#   scripts/mutation.sh payments/counciltax  # one of them
#
# Environment: GREMLINS_WORKERS (default 1), GREMLINS_TIMEOUT (timeout
# coefficient, default 10), MUTATION_LOG (directory for full reports, default
# a temporary directory).
#
# For contributors: every LIVED mutant the report lists in these files is a
# behaviour no test pins. Either add a test (citing the statute or guidance it
# comes from) that fails with the mutant, or, if the mutant cannot change any
# result, say why in a one-line comment on the line above the code (or at its
# end) starting "// mutation: equivalent —". The script lists the survivors
# without one as "unexplained"; aim for none. Test efficacy counts every
# survivor, explained or not, so it stays below 100% by the equivalent ones.
set -euo pipefail
cd "$(dirname "$0")/.."

GREMLINS_VERSION=v0.6.0
export PATH="$PATH:$(go env GOPATH)/bin"
installed=$(command -v gremlins || true)
if [ -z "$installed" ] || ! go version -m "$installed" | grep -q "mod[[:space:]]*github.com/go-gremlins/gremlins[[:space:]]*${GREMLINS_VERSION}"; then
  go install "github.com/go-gremlins/gremlins/cmd/gremlins@${GREMLINS_VERSION}"
fi

workers=${GREMLINS_WORKERS:-1}
timeout=${GREMLINS_TIMEOUT:-10}
log=${MUTATION_LOG:-$(mktemp -d)}
mkdir -p "$log"

# run PKG [gremlins flags...]: mutate PKG (and only the files the flags
# leave in) and print its score.
run() {
  local pkg=$1
  shift
  local name=${pkg//\//_}
  echo "== $pkg"
  gremlins unleash --workers "$workers" --timeout-coefficient "$timeout" \
    -o "$log/$name.json" "$@" "./$pkg" >"$log/$name.txt" 2>&1 || true
  grep -E '^(Killed|Test efficacy|Mutator coverage)' "$log/$name.txt" || tail -n 5 "$log/$name.txt"
  # A survivor is explained when its line, or the line above, carries a
  # "mutation: equivalent" comment; list the others.
  local unexplained=0 status file line
  while read -r status file; do
    file=${file%:*}
    line=${file##*:}
    file=$pkg/${file%:*}
    if ! sed -n "$((line > 1 ? line - 1 : 1)),${line}p" "$file" | grep -q 'mutation: equivalent'; then
      echo "  unexplained survivor: $status $file:$line"
      unexplained=$((unexplained + 1))
    fi
  done < <(sed -n 's/^ *LIVED \([A-Z_]*\) at \(.*\)$/\1 \2/p' "$log/$name.txt")
  echo "Unexplained survivors: $unexplained"
}

selected=("$@")
want_pkg() { [ ${#selected[@]} -eq 0 ] || printf '%s\n' "${selected[@]}" | grep -qx "$1"; }

if want_pkg payments; then
  run payments -E 'counciltax/' -E 'govukpay/' -E 'sandbox/' -E 'paymentstest/' \
    -E '(payment|request|service|settlement|status|store|webhook|errors|provider)\.go$'
fi
if want_pkg payments/counciltax; then
  run payments/counciltax
fi
if want_pkg calendar; then
  run calendar
fi
if want_pkg planning; then
  run planning -E 'odp/' -E 'planningtest/' \
    -E '(application|boundary|doctypes_table|lifecycle|reference|requirements|sql|store|types|types_table)\.go$'
fi
if want_pkg admissions/fsm; then
  run admissions/fsm -E 'fsmtest/' -E '(checker|client|bulk)\.go$'
fi
echo "full reports in $log"
