# Runs the libFuzzer binary for a short, fixed-seed session from a fresh corpus folder (so each
# run starts from the same state), seeded read-only with the golden frames and kafka-python's legacy message sets.
# -D FUZZER, CORPUS, SEEDS, RECORD_SEEDS (kafka-python's legacy message sets), RUNS, SECONDS.
if(NOT EXISTS ${FUZZER})
  message(FATAL_ERROR "${FUZZER} missing: build the fuzz_kafka_decoders_build target")
endif()
file(REMOVE_RECURSE ${CORPUS})
file(MAKE_DIRECTORY ${CORPUS})
set(seed_dirs "")
foreach(dir ${SEEDS} ${RECORD_SEEDS})
  if(EXISTS ${dir})
    list(APPEND seed_dirs ${dir})
  endif()
endforeach()
execute_process(
  COMMAND ${FUZZER} -seed=1 -runs=${RUNS} -max_total_time=${SECONDS} -max_len=4096
          -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 ${CORPUS} ${seed_dirs}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fuzz_kafka_decoders failed (exit ${rc}); the crashing input is saved "
                      "as crash-* in the test's working directory")
endif()
