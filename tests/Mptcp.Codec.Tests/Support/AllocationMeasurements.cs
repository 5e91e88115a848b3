namespace Mptcp.Codec.Tests.Support;

/// <summary>
/// Tests that count the octets a thread allocates run alone, after the parallel ones. Under the load of other tests
/// the runtime can keep methods longer in their first, unoptimised tier (tiering waits for the JIT to go quiet), and
/// only optimised code gets .NET's stack allocation of objects that do not escape: a count taken then measures the
/// machine's load, not the code (seen once: 4,960 octets more for ten times the packets, in a CI run beside the
/// mutation campaign; none alone).
/// </summary>
[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;
