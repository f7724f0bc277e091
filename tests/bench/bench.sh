#!/usr/bin/env bash
# The benchmarks of the public site and the analysis (issue 12), each against its floor measured in the same run.
#   tests/bench/bench.sh            the default run (about 10-15 minutes on 2 cores)
#   tests/bench/bench.sh quick      small sizes, under a minute or two
# Sizes can be set one by one: SECONDS_PER_RUN, CONNECTIONS, ROUNDS (each comparison alternates Evaluation and floor
# this many times and keeps the median), OPINIONS (for the page at scale), RESPONSES and ANALYSIS_OPINIONS (for the
# findings benchmark, Evaluation.Bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${1:-}" == "quick" ]]; then
    : "${SECONDS_PER_RUN:=3}" "${CONNECTIONS:=16}" "${ROUNDS:=1}" "${OPINIONS:=20000}" "${RESPONSES:=20000}" "${ANALYSIS_OPINIONS:=2000}"
fi
: "${SECONDS_PER_RUN:=8}" "${CONNECTIONS:=32}" "${ROUNDS:=3}" "${OPINIONS:=1000000}" "${RESPONSES:=1000000}" "${ANALYSIS_OPINIONS:=100000}"
dotnet build tests/bench/Evaluation.Load -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build tests/bench/Evaluation.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
echo "== the public site: Portal against a bare ASP.NET Core + Dapper endpoint (tests/bench/Evaluation.Load)"
dotnet run -c Release --no-build --project tests/bench/Evaluation.Load -- "$SECONDS_PER_RUN" "$CONNECTIONS" "$OPINIONS" page,post,questionnaire,scale "$ROUNDS" \
    | grep -v -E '^(info|warn): |^      '
echo "== the findings: all findings against a hand-written SQL aggregate (tests/bench/Evaluation.Bench)"
dotnet run -c Release --no-build --project tests/bench/Evaluation.Bench -- "$RESPONSES" "$ANALYSIS_OPINIONS" \
    | grep -v -E '^(info|warn): |^      '
