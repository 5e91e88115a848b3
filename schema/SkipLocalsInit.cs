// The generated readers declare struct temporaries that C#'s definite assignment already guarantees are written
// before use; without this the JIT zeroes them in every dispatcher call's prologue (measured: benchmarks/RESULTS.md).
[module: System.Runtime.CompilerServices.SkipLocalsInit]
