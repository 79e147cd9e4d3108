#!/usr/bin/env bash
# Reproduces docs/BENCHMARKS.md: every JMH benchmark at 1 and 32 threads (throughput and latency),
# server-side work per operation, and memory per entity, on one embedded Redis per trial.
#
#   benchmarks/run.sh                 full run, rewrites docs/BENCHMARKS.md (about 30 minutes on 2 cores)
#   benchmarks/run.sh quick [regex]   short iterations, only benchmarks matching regex (e.g. 'lock'; one that matches
#                                     'burst' also runs the virtual-thread burst), writes benchmarks/target/run/BENCHMARKS-quick.md
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-full}
pattern=${2:-.}
out=benchmarks/target/run
mvn -B -q -ntp -Dquick -DskipTests -pl benchmarks -am package
jar=benchmarks/target/benchmarks.jar
rm -rf "$out" && mkdir -p "$out"
if [ "$mode" = quick ]; then
  sample=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
  queue_sample=("${sample[@]}")
  report="$out/BENCHMARKS-quick.md"
else
  # 3 s of warm-up per trial: with 1 s several rows were still compiling while measured.
  sample=(-f 1 -wi 1 -w 3s -i 2 -r 1500ms)
  # The queue rows (producer, worker and consumer threads, a client library each) reach their steady rate only
  # after 8-14 s: at concurrency 16, Redkit 5.8k jobs/s in the first 2 s and 13-14.6k from the 4th second on,
  # Redisson 4.8k and then 10-12k from the 14th, raw Jedis 13.6k and then about 20k. So every variant of the queue
  # gets 15 s of warm-up and 6 s of measurement, and its figures are steady rates, not start-up rates.
  queue_sample=(-f 1 -wi 5 -w 3s -i 2 -r 3s)
  report=docs/BENCHMARKS.md
fi
# Runs JMH in sample mode (latency percentiles, and throughput as threads / mean latency) on the benchmarks that
# match the pattern and the given excludes, if any do.
bench() {
  local name=$1 t=$2
  shift 2
  [ "$(java -jar "$jar" -l "$pattern" "$@" | grep -c '^dev\.')" -gt 0 ] || return 0
  java -Dredkit.bench.stats="$out/stats.jsonl" -jar "$jar" "$pattern" "$@" -t "$t" -bm sample -tu us \
    -rf json -rff "$out/sample-$name.json" > "$out/sample-$name.log"
  grep -E '^[A-Za-z].* sample ' "$out/sample-$name.log" || true
}
# Every benchmark but the queue's at 1 and 32 threads; the queue benchmark runs its own producer and consumer
# threads (its concurrency parameter), so it runs once, at -t 1, with its own warm-up.
bench 1 1 -e '\.queue\.' "${sample[@]}"
bench 32 32 -e '\.queue\.' "${sample[@]}"
bench queue 1 -e '^(?!.*\.queue\.)' "${queue_sample[@]}"
java -cp "$jar" dev.redkit.benchmarks.MemoryFootprint > "$out/memory.md"
# Issue 25: 10,000 virtual threads against 32 platform threads on the default pool, on Temurin 25 where it is
# installed (virtual threads need 21+; on 17 the virtual row says it was skipped). About a minute.
: > "$out/burst.md"
if [ "$mode" = full ] || [[ burst =~ $pattern ]]; then
  burst_java=java
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && burst_java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  "$burst_java" -cp "$jar" dev.redkit.benchmarks.VirtualThreadBurst > "$out/burst.md"
fi
{
  echo "## Environment"
  echo
  echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ); mode: $mode; pattern: \`$pattern\`"
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "- Java: $(java -version 2>&1 | head -1); Redis: 7.0.15 (embedded, loopback, one server per trial)"
  echo "- Clients: Redkit $(grep -m1 '<version>' pom.xml | sed 's/ *<[^>]*>//g'), Jedis $(grep -m1 '<jedis.version>' pom.xml | sed 's/ *<[^>]*>//g'), Redisson $(grep -m1 '<redisson.version>' pom.xml | sed 's/ *<[^>]*>//g'), Bucket4j $(grep -m1 '<bucket4j.version>' pom.xml | sed 's/ *<[^>]*>//g'); pools of 64 connections"
  echo "- JMH: \`-bm sample ${sample[*]}\`, threads 1 and 32; queue rows \`-bm sample ${queue_sample[*]}\`, -t 1"
  echo "- Command: \`benchmarks/run.sh $*\`"
} > "$out/env.txt"
cat benchmarks/notes.md "$out/memory.md" "$out/burst.md" > "$out/appendix.md"
# "Before" columns: the committed report (HEAD), read before this run's report replaces docs/BENCHMARKS.md.
git show HEAD:docs/BENCHMARKS.md > "$out/baseline.md" 2>/dev/null || cp docs/BENCHMARKS.md "$out/baseline.md"
java -Dredkit.bench.baseline="$out/baseline.md" -cp "$jar" dev.redkit.benchmarks.Report "$report" "$out/env.txt" "$out/appendix.md" \
  "$out"/sample-*.json -- "$out/stats.jsonl"
echo "wrote $report"
