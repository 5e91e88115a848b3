using System;
using System.Runtime.InteropServices;
using Mptcp.Codec.Fuzzing.Generation;
using Mptcp.Codec.Fuzzing.Mutation;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Fuzzing.Native;

/// <summary>
/// The custom-mutator entry points of libFuzzer (<c>LLVMFuzzerCustomMutator</c>) and AFL++ (<c>afl_custom_init</c>,
/// <c>afl_custom_fuzz</c>, <c>afl_custom_deinit</c>), exported when this assembly is compiled as a native shared
/// library (<c>dotnet publish -r linux-x64 -p:PublishAot=true -p:NativeLib=Shared</c>), so that a campaign in C, C++
/// or Rust mutates its inputs with the SDK's structure-aware mutators. An input that is an MPTCP option (kind 30
/// first) is mutated; any other input is replaced by a new valid option, then mutated.
/// </summary>
public static unsafe class CustomMutator
{
    /// <summary>
    /// Mutates the input held in the first <paramref name="size"/> octets of <paramref name="data"/>, in place, choices
    /// from <paramref name="seed"/>; returns the new size (at most <paramref name="data"/>'s length: a longer case is cut).
    /// </summary>
    public static int Mutate(Span<byte> data, int size, uint seed)
    {
        var random = new Random(unchecked((int)seed));
        var mutator = new OptionMutator<MptcpOption>(random);
        ReadOnlySpan<byte> input = data[..Math.Clamp(size, 0, data.Length)];
        MutatedCase mutated = input.Length >= 2 && input[0] == MptcpConstants.Kind && input[1] >= 2 && input[1] <= input.Length
            ? mutator.Mutate(input[..input[1]])
            : mutator.Mutate(OptionGenerator.Encode(OptionGenerator.Next<MptcpOption>(random)));
        int written = Math.Min(mutated.Octets.Length, data.Length);
        mutated.Octets.AsSpan(0, written).CopyTo(data);
        return written;
    }

    /// <summary>libFuzzer's <c>size_t LLVMFuzzerCustomMutator(uint8_t *Data, size_t Size, size_t MaxSize, unsigned int Seed)</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "LLVMFuzzerCustomMutator")]
    public static nuint LibFuzzerMutate(byte* data, nuint size, nuint maxSize, uint seed) =>
        (nuint)Mutate(new Span<byte>(data, (int)Math.Min(maxSize, int.MaxValue)), (int)Math.Min(size, maxSize), seed);

    /// <summary>AFL++'s <c>void *afl_custom_init(afl_state_t *afl, unsigned int seed)</c>: the mutator's state.</summary>
    [UnmanagedCallersOnly(EntryPoint = "afl_custom_init")]
    public static nint AflInit(nint afl, uint seed) => GCHandle.ToIntPtr(GCHandle.Alloc(new AflState(seed)));

    /// <summary>
    /// AFL++'s <c>size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t
    /// *add_buf, size_t add_buf_size, size_t max_size)</c>: the case goes into the state's buffer, valid until the next call.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "afl_custom_fuzz")]
    public static nuint AflFuzz(nint state, byte* buffer, nuint size, byte** output, byte* addBuffer, nuint addSize, nuint maxSize)
    {
        var afl = (AflState)GCHandle.FromIntPtr(state).Target!;
        int room = (int)Math.Min(maxSize, 4096);
        Span<byte> target = afl.Buffer(room);
        int copied = (int)Math.Min(size, (nuint)room);
        new ReadOnlySpan<byte>(buffer, copied).CopyTo(target);
        int written = Mutate(target, copied, (uint)afl.Random.Next());
        *output = afl.Pointer;
        return (nuint)written;
    }

    /// <summary>AFL++'s <c>void afl_custom_deinit(void *data)</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "afl_custom_deinit")]
    public static void AflDeinit(nint state)
    {
        GCHandle handle = GCHandle.FromIntPtr(state);
        ((AflState)handle.Target!).Dispose();
        handle.Free();
    }

    // One AFL++ mutator: its choices and the native buffer its cases are handed out in.
    private sealed class AflState(uint seed) : IDisposable
    {
        private int _capacity;

        public Random Random { get; } = new(unchecked((int)seed));

        public byte* Pointer { get; private set; }

        public Span<byte> Buffer(int size)
        {
            if (size > _capacity)
            {
                NativeMemory.Free(Pointer);
                Pointer = (byte*)NativeMemory.Alloc((nuint)size);
                _capacity = size;
            }

            return new Span<byte>(Pointer, size);
        }

        public void Dispose()
        {
            NativeMemory.Free(Pointer);
            Pointer = null;
        }
    }
}
