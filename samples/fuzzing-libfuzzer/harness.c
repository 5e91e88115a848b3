// A libFuzzer target that stands for someone's MPTCP option parser, fuzzed with the SDK's structure-aware mutator:
// libFuzzer finds LLVMFuzzerCustomMutator in Mptcp.Codec.Fuzzing.so (built by run.sh) and calls it for every input.
// The target walks the input as one MPTCP option and counts the subtypes it reaches, which it prints at exit, so that
// run.sh can see that the mutator's inputs were MPTCP options of every kind.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long subtypes[16];
static unsigned long inputs;

static void report(void) {
  printf("harness: %lu inputs; by subtype:", inputs);
  for (int i = 0; i < 16; i++) printf(" %d=%lu", i, subtypes[i]);
  printf("\n");
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  atexit(report);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  inputs++;
  if (size >= 3 && data[0] == 30 && data[1] >= 3 && data[1] <= size) subtypes[data[2] >> 4]++;
  return 0;
}
