#!/usr/bin/env bash
# Cold start, JVM start to the first typed answer, interleaved: DSPJ on the Micronaut transport, DSPJ on
# the JDK transport, the raw JDK client (DSPJ's bytes) and LangChain4j, RUNS times (default 7).
# Usage: BENCH_PEERS=/path/to/bench-peers [RUNS=7] [PORT=18123] bench/peers-cold.sh
# BENCH_PEERS is a copy of ../shared/bench-peers whose dspj peer builds against the installed DSPJ.
set -euo pipefail
cd "${BENCH_PEERS:?set BENCH_PEERS to the peer benchmark's folder}"
port="${PORT:-18123}"
node server/fake-openai.mjs "$port" > /tmp/peers-cold-server.log 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1.5
for i in $(seq 1 "${RUNS:-7}"); do
  for peer in dspj-micronaut dspj-jdk jdk-raw langchain4j; do
    case $peer in
      dspj-micronaut) out=$(DSPJ_HTTP_TRANSPORT=micronaut dspj/bench.sh "$port" chat --cold true 2>/dev/null) ;;
      dspj-jdk) out=$(DSPJ_HTTP_TRANSPORT=jdk dspj/bench.sh "$port" chat --cold true 2>/dev/null) ;;
      jdk-raw) out=$(dspj/bench.sh "$port" jdk-raw-chat --cold true 2>/dev/null) ;;
      langchain4j) out=$(langchain4j/bench.sh "$port" langchain4j --cold true 2>/dev/null) ;;
    esac
    ms=$(echo "$out" | grep -o '"cold_first_answer_ms":[0-9]*' | cut -d: -f2)
    ok=$(echo "$out" | grep -o '"ok":[a-z]*' | cut -d: -f2)
    echo "$i $peer $ms $ok"
  done
done
