#!/usr/bin/env bash
# How long the static tier of Days 1-5 takes on the fixtures: runs it N times (default 5) and
# prints, per day and in total, the min / median / max of the test time surefire records
# (the time= of each suite in target/surefire-reports/*.xml), then the wall time of one
# whole `./mvnw test -Dday=1 -Dtier=static`, Maven's start included.
#
#   checks/bench/static-tier.sh [N]
#
# Needs only bash and the Maven wrapper (with the JDK it runs on). Run it on an idle machine:
# the figures are only as quiet as the cores are.
set -euo pipefail

runs="${1:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
reports="$root/target/surefire-reports"
days=(1 2 3 4 5)
declare -A samples=()

cd "$root"
echo "fullchain static tier, Days 1-5, on fixtures/: $runs runs ($(nproc 2>/dev/null || echo '?') cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))"

# The sum of the time= of the test suites of one day (dev.fullchain.dayN.*), in seconds.
day_time() {
    local day="$1" total=0 f t
    for f in "$reports"/TEST-dev.fullchain.day"$day".*.xml; do
        [[ -e "$f" ]] || continue
        t="$(grep -m1 -o '<testsuite [^>]*' "$f" | grep -o ' time="[0-9.]*"' | grep -o '[0-9.]*' || echo 0)"
        total="$(awk -v a="$total" -v b="${t:-0}" 'BEGIN { printf "%.3f", a + b }')"
    done
    echo "$total"
}

for ((i = 1; i <= runs; i++)); do
    rm -f "$reports"/TEST-*.xml
    ./mvnw -q -o test -Dday=1-5 -Dtier=static >/dev/null 2>&1 || { echo "run $i failed: ./mvnw -o test -Dday=1-5 -Dtier=static" >&2; exit 1; }
    sum=0
    line="run $i:"
    for d in "${days[@]}"; do
        t="$(day_time "$d")"
        samples[$d]+="$t "
        sum="$(awk -v a="$sum" -v b="$t" 'BEGIN { printf "%.3f", a + b }')"
        line+=" day $d ${t} s,"
    done
    samples[total]+="$sum "
    echo "$line total ${sum} s"
done

# min / median / max of a list of numbers.
stats() {
    tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "min %6.2f s   median %6.2f s   max %6.2f s", v[1], m, v[NR] }'
}

echo
echo "surefire test time over $runs runs:"
for d in "${days[@]}"; do
    printf "  Day %s   %s\n" "$d" "$(stats "${samples[$d]}")"
done
printf "  total   %s\n" "$(stats "${samples[total]}")"

start="$(date +%s%N)"
./mvnw test -Dday=1 -Dtier=static >/dev/null 2>&1 || { echo "./mvnw test -Dday=1 -Dtier=static failed" >&2; exit 1; }
end="$(date +%s%N)"
echo
awk -v ns="$((end - start))" 'BEGIN { printf "wall time of ./mvnw test -Dday=1 -Dtier=static: %.1f s\n", ns / 1e9 }'
