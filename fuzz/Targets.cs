using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Schema;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Fuzz;

/// <summary>A fuzz target found one of its invariants broken (any other exception is the SDK's own).</summary>
public sealed class InvariantException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvariantException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvariantException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The fuzz targets. A target returns normally on any input, valid or not; it throws only when the SDK throws
/// (a bug: every API fuzzed here promises never to) or when one of its invariants breaks (<see cref="InvariantException"/>).
/// </summary>
public static class Targets
{
    /// <summary>Every target, in the order the campaigns run them.</summary>
    public static readonly IReadOnlyList<string> Names = ["decode", "walk", "pcap", "craft", "roundtrip", "pipeline", "commands"];

    private const uint PcapMicroseconds = 0xA1B2C3D4;
    private const uint PcapNanoseconds = 0xA1B23C4D;
    private const uint PcapNgSectionHeader = 0x0A0D0D0A;
    private const uint PcapNgByteOrderMagic = 0x1A2B3C4D;
    private const uint MaxCapturedLength = 262144;


    /// <summary>Runs one target on one input.</summary>
    public static void Run(string target, ReadOnlySpan<byte> input)
    {
        switch (target)
        {
            case "decode":
                Decode(input);
                break;
            case "walk":
                Walk(input);
                break;
            case "pcap":
                Pcap(input);
                break;
            case "craft":
                Craft(input);
                break;
            case "roundtrip":
                RoundTrip(input);
                break;
            case "pipeline":
                CommandTargets.Pipeline(input);
                break;
            case "commands":
                CommandTargets.Commands(input);
                break;
            default:
                throw new ArgumentException($"unknown target '{target}' (known: {string.Join(", ", Names)})", nameof(target));
        }
    }

    /// <summary>The reserved-bit mask of <paramref name="kind"/> (one octet per option octet, up to 40).</summary>
    public static ReadOnlySpan<byte> ReservedMask(MptcpOptionKind kind) =>
        Reserved.Masks.TryGetValue(kind, out byte[]? mask) ? mask : new byte[MptcpConstants.MaxTcpOptionSpace];

    // ---- decode: one option through the dispatcher ------------------------------------------------------------

    private static byte[] _zeroTail = [];
    private static byte[] _onesTail = [];

    private static void Decode(ReadOnlySpan<byte> input)
    {
        bool ok = MptcpOption.TryRead(input, out MptcpOption option, out MptcpError error);
        CheckDecode(input, ok, option, error);

        // The readers skip bounds checks once the length is validated: what lies past the end of the span must not
        // matter. Decode the same octets followed by zeros and by ones; both must decode exactly as the input did.
        if (_zeroTail.Length < input.Length + 64)
        {
            _zeroTail = new byte[input.Length + 64];
            _onesTail = new byte[input.Length + 64];
        }

        _zeroTail.AsSpan().Clear();
        _onesTail.AsSpan().Fill(0xFF);
        input.CopyTo(_zeroTail);
        input.CopyTo(_onesTail);
        bool okZero = MptcpOption.TryRead(_zeroTail.AsSpan(0, input.Length), out MptcpOption zero, out MptcpError zeroError);
        bool okOnes = MptcpOption.TryRead(_onesTail.AsSpan(0, input.Length), out MptcpOption ones, out MptcpError onesError);
        Check(okZero == ok && okOnes == ok && zero == option && ones == option && zeroError == error && onesError == error, $"the octets after the end of the input changed the result: {option}/{error} vs {zero}/{zeroError} and {ones}/{onesError}");
    }

    private static void CheckDecode(ReadOnlySpan<byte> input, bool ok, in MptcpOption option, MptcpError error)
    {
        _ = error.Describe();
        if (input.Length < 2)
        {
            Check(!ok && error == new MptcpError(MptcpStatus.Truncated, input.Length), "fewer than 2 octets are not Truncated at their end");
        }
        else if (input[0] != MptcpConstants.Kind)
        {
            Check(!ok && error.Status == MptcpStatus.WrongKind && error.Offset == 0, "a kind other than 30 is not WrongKind at 0");
        }
        else if (input.Length < input[1])
        {
            Check(!ok && error.Status == MptcpStatus.Truncated && error.Offset == input.Length, "an input shorter than its length octet is not Truncated at its end");
        }

        if (!ok)
        {
            Check(error.Status != MptcpStatus.Ok, "TryRead failed with status Ok");
            Check(option.Kind == MptcpOptionKind.None, "TryRead failed but returned an option");
            Check(error.Offset >= 0 && error.Offset <= input.Length, $"error offset {error.Offset} is outside the {input.Length} input octets");
            return;
        }

        int length = input[1];
        Check(error == MptcpError.None, $"TryRead succeeded with error {error}");
        Check(option.Kind != MptcpOptionKind.None, "TryRead succeeded without an option");
        Check(length >= 3 && length <= MptcpConstants.MaxTcpOptionSpace, $"decoded an option of length {length}");
        Check(option.GetEncodedLength() == length, $"{option} decoded from {length} octets encodes to {option.GetEncodedLength()}");
        Check(option.Validate() == MptcpStatus.Ok, $"{option} decoded but does not validate: {option.Validate()}");
        Check(option.Subtype == input[2] >> 4, $"{option} decoded from subtype {input[2] >> 4}");
        Check(!string.IsNullOrEmpty(option.TextName) && option.ToString().Length > 0, "an option without a name");
        Check(MptcpOption.TryRead(input[..length], out MptcpOption exact, out _) && exact == option, "the octets after the option changed what it decodes to");
        Check(VariantAgrees(input, option), $"{option.Kind}.TryRead disagrees with the dispatcher on {Convert.ToHexString(input[..length])}");
    }

    // The option struct's own TryRead must decode what the dispatcher decoded.
    private static bool VariantAgrees(ReadOnlySpan<byte> input, in MptcpOption option) => option.Kind switch
    {
        MptcpOptionKind.MpCapableOption => option.TryGet(out MpCapableOption a) && MpCapableOption.TryRead(input, out MpCapableOption b, out _) && a == b,
        MptcpOptionKind.MpJoinSynOption => option.TryGet(out MpJoinSynOption a) && MpJoinSynOption.TryRead(input, out MpJoinSynOption b, out _) && a == b,
        MptcpOptionKind.MpJoinSynAckOption => option.TryGet(out MpJoinSynAckOption a) && MpJoinSynAckOption.TryRead(input, out MpJoinSynAckOption b, out _) && a == b,
        MptcpOptionKind.MpJoinAckOption => option.TryGet(out MpJoinAckOption a) && MpJoinAckOption.TryRead(input, out MpJoinAckOption b, out _) && a == b,
        MptcpOptionKind.DssOption => option.TryGet(out DssOption a) && DssOption.TryRead(input, out DssOption b, out _) && a == b,
        MptcpOptionKind.AddAddressOption => option.TryGet(out AddAddressOption a) && AddAddressOption.TryRead(input, out AddAddressOption b, out _) && a == b,
        MptcpOptionKind.AddAddressV0Option => option.TryGet(out AddAddressV0Option a) && AddAddressV0Option.TryRead(input, out AddAddressV0Option b, out _) && a == b,
        MptcpOptionKind.RemoveAddressOption => option.TryGet(out RemoveAddressOption a) && RemoveAddressOption.TryRead(input, out RemoveAddressOption b, out _) && a == b,
        MptcpOptionKind.MpPrioOption => option.TryGet(out MpPrioOption a) && MpPrioOption.TryRead(input, out MpPrioOption b, out _) && a == b,
        MptcpOptionKind.MpFailOption => option.TryGet(out MpFailOption a) && MpFailOption.TryRead(input, out MpFailOption b, out _) && a == b,
        MptcpOptionKind.MpFastCloseOption => option.TryGet(out MpFastCloseOption a) && MpFastCloseOption.TryRead(input, out MpFastCloseOption b, out _) && a == b,
        MptcpOptionKind.MpTcpRstOption => option.TryGet(out MpTcpRstOption a) && MpTcpRstOption.TryRead(input, out MpTcpRstOption b, out _) && a == b,
        MptcpOptionKind.MpExperimentalOption => option.TryGet(out MpExperimentalOption a) && MpExperimentalOption.TryRead(input, out MpExperimentalOption b, out _) && a == b,
        _ => false,
    };

    // ---- walk: a TCP option block -----------------------------------------------------------------------------

    private static void Walk(ReadOnlySpan<byte> input)
    {
        var all = new TcpOptionWalker(input);
        TcpOptionWalker mptcp = TcpOptionWalker.MptcpOptions(input);
        int end = 0;
        bool sawEol = false;
        while (all.MoveNext())
        {
            TcpOption option = all.Current;
            Check(!sawEol, "an option after EOL");
            Check(option.Offset == end, $"option at {option.Offset}, but the previous one ended at {end}");
            Check(option.Kind == input[option.Offset], $"kind {option.Kind} at {option.Offset} is not the octet there");
            int length = option.Kind is 0 or 1 ? 1 : input[option.Offset + 1];
            Check(length >= 1 && option.Offset + length <= input.Length, $"option at {option.Offset} of length {length} runs past the block");
            Check(option.Bytes.Length == length && input.Overlaps(option.Bytes, out int at) && at == option.Offset, $"option at {option.Offset}: its octets are not the block's");
            Check(option.IsMptcp == (option.Kind == MptcpConstants.Kind), "IsMptcp disagrees with the kind");
            end = option.Offset + length;
            sawEol = option.Kind == 0;
            if (option.IsMptcp)
            {
                Check(mptcp.MoveNext() && mptcp.Current.Offset == option.Offset && mptcp.Current.Bytes.Length == length, $"MptcpOptions missed the option at {option.Offset}");
                bool ok = MptcpOption.TryRead(option.Bytes, out MptcpOption decoded, out MptcpError error);
                CheckDecode(option.Bytes, ok, decoded, error);
            }
        }

        Check(!mptcp.MoveNext(), $"MptcpOptions found an option at {mptcp.Current.Offset} that the full walk did not");
        Check(all.Error == mptcp.Error && all.Completed == mptcp.Completed, $"the two walks stop differently: {all.Error} vs {mptcp.Error}");
        if (all.Error.IsOk)
        {
            Check(all.Completed, $"the walk stopped at {end} of {input.Length} without an error");
        }
        else
        {
            Check(!all.Completed, "Completed with an error");
            Check(all.Error.Status is MptcpStatus.Truncated or MptcpStatus.MalformedTcpOption, $"walk error {all.Error.Status}");
            Check(all.Error.Offset == end, $"walk error at {all.Error.Offset}, but the last good option ended at {end}");
            int kind = input[end];
            bool truncated = end + 1 >= input.Length || input[end + 1] > input.Length - end;
            bool malformed = end + 1 < input.Length && input[end + 1] < 2;
            Check(kind > 1 && (malformed ? all.Error.Status == MptcpStatus.MalformedTcpOption : truncated && all.Error.Status == MptcpStatus.Truncated), $"walk error {all.Error} does not match the octets at {end}");
        }
    }

    // ---- pcap: pcap/pcapng reading, TCP decoding and connection tracking -------------------------------------

    private static void Pcap(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        int reported = 0;
        var frames = new List<(long Offset, int Length, int LinkType)>();
        var analyzer = new MptcpAnalyzer();
        IReadOnlyList<CaptureProblem> problems;
        using (var reader = new CaptureReader(new MemoryStream(bytes, writable: false)))
        {
            reader.OnProblem = _ => reported++;
            long lastNumber = 0;
            while (reader.TryReadNext(out CapturedFrame frame))
            {
                Check(frame.FrameNumber > lastNumber, $"frame number {frame.FrameNumber} after {lastNumber}");
                Check(frames.Count == 0 || frame.FileOffset > frames[^1].Offset, $"frame at offset {frame.FileOffset} after one at {(frames.Count == 0 ? 0 : frames[^1].Offset)}");
                Check(frame.FileOffset >= 0 && frame.FileOffset + frame.Data.Length <= bytes.Length, $"frame at {frame.FileOffset} of {frame.Data.Length} octets is outside the file");
                lastNumber = frame.FrameNumber;
                frames.Add((frame.FileOffset, frame.Data.Length, frame.LinkType));
                if (PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out PacketDecodeStatus status))
                {
                    Check(status == PacketDecodeStatus.Ok, $"decoded a segment with status {status}");
                    int header = segment.TcpHeader.Length;
                    Check(header >= 20 && header % 4 == 0 && header == (segment.TcpHeader[12] >> 4) * 4, $"TCP header of {header} octets");
                    Check(segment.Options.Length == header - 20, "the options are not the header past 20 octets");
                    Check(segment.PayloadLength >= 0 && segment.Payload.Length <= segment.PayloadLength, $"payload {segment.Payload.Length} captured of {segment.PayloadLength}");
                    Check(segment.IPHeader.Length >= (segment.IsIPv6 ? 40 : 20), $"IP header of {segment.IPHeader.Length} octets");
                    analyzer.Process(frame.FrameNumber, segment);
                }
                else
                {
                    Check(status != PacketDecodeStatus.Ok, "no segment, yet status Ok");
                }
            }

            Check(!reader.TryReadNext(out _), "reading went on after it ended");
            analyzer.Complete();
            _ = analyzer.Totals();
            foreach (MptcpConnection connection in analyzer.Connections)
            {
                Check(connection.Verification is not null, "a connection without verification counts");
            }

            Check(reported == reader.Problems.Count, $"OnProblem saw {reported} problems, Problems has {reader.Problems.Count}");

            // Warnings (a pcap version or a mix of link types that libpcap refuses) are no damage: the oracle below
            // predicts the damage.
            problems = reader.Problems.Where(p => !p.IsWarning).ToList();
        }

        for (int i = 0; i < problems.Count; i++)
        {
            Check(problems[i].FileOffset >= 0 && problems[i].FileOffset <= bytes.Length, $"problem {problems[i]} outside the file");
            Check(i == 0 || problems[i].FileOffset >= problems[i - 1].FileOffset, "problems out of file order");
        }

        uint magic = bytes.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : 0;
        if (bytes.Length < 4)
        {
            CheckProblems(problems, [(0, CaptureProblemKind.TruncatedFile)]);
            Check(frames.Count == 0, "frames from fewer than 4 octets");
        }
        else if (magic == PcapNgSectionHeader)
        {
            CheckPcapNg(bytes, frames, problems);
        }
        else if (magic is PcapMicroseconds or PcapNanoseconds || BinaryPrimitives.ReverseEndianness(magic) is PcapMicroseconds or PcapNanoseconds)
        {
            CheckClassicPcap(bytes, frames, problems);
        }
        else
        {
            CheckProblems(problems, [(0, CaptureProblemKind.UnknownFormat)]);
            Check(frames.Count == 0, "frames from a file of no known format");
        }
    }

    // Classic pcap is simple enough to model whole: the frames and the problems must be exactly these.
    private static void CheckClassicPcap(byte[] bytes, List<(long Offset, int Length, int LinkType)> frames, IReadOnlyList<CaptureProblem> problems)
    {
        var expectedFrames = new List<(long Offset, int Length, int LinkType)>();
        var expectedProblems = new List<(long, CaptureProblemKind)>();
        if (bytes.Length < 24)
        {
            expectedProblems.Add((0, CaptureProblemKind.TruncatedFile));
        }
        else
        {
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            bool big = magic is not (PcapMicroseconds or PcapNanoseconds);
            uint U32(int at) => big ? BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            uint snap = U32(16);
            int link = (int)(U32(20) & 0xFFFF);
            if (!PacketDecoder.IsSupportedLinkType(link))
            {
                expectedProblems.Add((0, CaptureProblemKind.UnsupportedLinkType));
            }

            long limit = snap is 0 or > MaxCapturedLength ? MaxCapturedLength : snap;
            int offset = 24;
            while (offset < bytes.Length)
            {
                int remaining = bytes.Length - offset;
                if (remaining < 16)
                {
                    expectedProblems.Add((offset, CaptureProblemKind.TruncatedRecord));
                    break;
                }

                // As libpcap: above 262144 octets the file is damaged and ends; above the snap length a record is cut to it.
                long captured = U32(offset + 8);
                if (captured > MaxCapturedLength)
                {
                    expectedProblems.Add((offset, CaptureProblemKind.BadRecordLength));
                    break;
                }

                if (remaining < 16 + captured)
                {
                    expectedProblems.Add((offset, CaptureProblemKind.TruncatedRecord));
                    break;
                }

                if (captured > limit)
                {
                    expectedProblems.Add((offset, CaptureProblemKind.RecordCutToSnapLength));
                }

                expectedFrames.Add((offset, (int)Math.Min(captured, limit), link));
                offset += 16 + (int)captured;
            }
        }

        CheckProblems(problems, expectedProblems);
        Check(frames.Count == expectedFrames.Count, $"read {frames.Count} pcap records, the file has {expectedFrames.Count}");
        for (int i = 0; i < frames.Count; i++)
        {
            Check(frames[i] == expectedFrames[i], $"record {i + 1} read as {frames[i]}, the file has {expectedFrames[i]}");
        }
    }

    // pcapng: when the reader reports no problem, the file must be a clean run of blocks to its last octet,
    // and every packet block (enhanced, simple, obsolete) must have become a frame.
    private static void CheckPcapNg(byte[] bytes, List<(long Offset, int Length, int LinkType)> frames, IReadOnlyList<CaptureProblem> problems)
    {
        if (problems.Count > 0)
        {
            return;
        }

        var packets = new List<long>();
        bool big = false;
        int offset = 0;
        while (offset < bytes.Length)
        {
            Check(bytes.Length - offset >= 12, $"no problem reported, yet {bytes.Length - offset} octets are left over at {offset}");
            uint U32(int at) => big ? BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            uint type = U32(offset);
            if (type == PcapNgSectionHeader)
            {
                uint order = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 8));
                big = order == PcapNgByteOrderMagic;
                Check(big || BinaryPrimitives.ReverseEndianness(order) == PcapNgByteOrderMagic, $"no problem reported, yet the section at {offset} has no byte-order magic");
            }

            long total = U32(offset + 4);
            Check(total >= 12 && total % 4 == 0 && total <= 16 << 20 && offset + total <= bytes.Length && U32(offset + (int)total - 4) == total, $"no problem reported, yet the block at {offset} is malformed");
            if (type is 2 or 3 or 6)
            {
                packets.Add(offset);
            }

            offset += (int)total;
        }

        Check(frames.Count == packets.Count, $"no problem reported, yet {frames.Count} frames were read of {packets.Count} packet blocks");
        for (int i = 0; i < frames.Count; i++)
        {
            Check(frames[i].Offset == packets[i], $"frame {i + 1} at {frames[i].Offset}, its block is at {packets[i]}");
        }
    }

    private static void CheckProblems(IReadOnlyList<CaptureProblem> problems, List<(long Offset, CaptureProblemKind Kind)> expected)
    {
        var actual = new List<(long, CaptureProblemKind)>();
        foreach (CaptureProblem problem in problems)
        {
            actual.Add((problem.FileOffset, problem.Kind));
        }

        Check(actual.Count == expected.Count && actual.TrueForAll(p => expected[actual.IndexOf(p)] == p), $"problems [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");
    }

    // ---- craft: the text parser -------------------------------------------------------------------------------

    private static void Craft(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        if (!MptcpTextParser.TryParse(text, out MptcpOption option, out string? error))
        {
            Check(!string.IsNullOrEmpty(error), "TryParse failed without an error");
            Check(option.Kind == MptcpOptionKind.None, "TryParse failed but returned an option");
            return;
        }

        Check(error is null, $"TryParse succeeded with error '{error}'");
        Check(option.Kind != MptcpOptionKind.None, "TryParse succeeded without an option");
        Check(option.Validate() == MptcpStatus.Ok, $"crafted {option} does not validate: {option.Validate()}");
        Span<byte> buffer = stackalloc byte[MptcpConstants.MaxTcpOptionSpace];
        Check(option.Write(buffer, out int written) == MptcpStatus.Ok && written == option.GetEncodedLength(), $"crafted {option} cannot be encoded");
        ReadOnlySpan<byte> encoded = buffer[..written];
        Check(MptcpOption.TryRead(encoded, out MptcpOption decoded, out MptcpError decodeError), $"crafted {option} encodes to {Convert.ToHexString(encoded)}, which does not decode: {decodeError.Describe()}");
        Check(decoded == option, $"crafted {option} encodes to {Convert.ToHexString(encoded)}, which decodes to {decoded}");

        // The text of the encoding crafts the option again. Not in the text: MP_EXPERIMENTAL's data (tcpdump prints
        // "unknown") and DSS 'a'/'m' without 'A'/'M'; when the length allows either DSS number to be the 8-octet one,
        // the text does not say which.
        if (option.Kind == MptcpOptionKind.MpExperimentalOption
            || (option.TryGet(out DssOption dss) && ((dss.DataAckIs8Octets && !dss.DataAckPresent) || (dss.DataSequenceNumberIs8Octets && !dss.MappingPresent))))
        {
            return;
        }

        string again = MptcpText.Format(encoded);
        Check(MptcpTextParser.TryParse(again, out MptcpOption recrafted, out string? againError), $"the text '{again}' of crafted {option} does not parse: {againError}");
        Check(recrafted == option || SameDssButWidths(recrafted, option), $"the text '{again}' of crafted {option} crafts {recrafted}");
    }

    private static bool SameDssButWidths(in MptcpOption a, in MptcpOption b) =>
        a.TryGet(out DssOption x) && b.TryGet(out DssOption y) && x.GetEncodedLength() == y.GetEncodedLength()
        && x with { DataAckIs8Octets = false, DataSequenceNumberIs8Octets = false } == y with { DataAckIs8Octets = false, DataSequenceNumberIs8Octets = false };

    // ---- roundtrip: decode → encode → decode -----------------------------------------------------------------

    // The same value, and the same octets but for reserved bits, which are written as zero (docs/schema-model.md).
    private static void RoundTrip(ReadOnlySpan<byte> input)
    {
        if (!MptcpOption.TryRead(input, out MptcpOption first, out _))
        {
            return;
        }

        int length = input[1];
        Span<byte> buffer = stackalloc byte[MptcpConstants.MaxTcpOptionSpace];
        Check(first.Write(buffer, out int written) == MptcpStatus.Ok, $"decoded {first} but cannot re-encode it: {first.Validate()}");
        Check(written == length, $"decoded {first} from {length} octets, re-encoded it in {written}");
        ReadOnlySpan<byte> mask = ReservedMask(first.Kind);
        for (int i = 0; i < length; i++)
        {
            Check((buffer[i] & mask[i]) == 0, $"{first}: octet {i} re-encoded with a reserved bit set ({buffer[i]:x2}, reserved {mask[i]:x2})");
            Check(((buffer[i] ^ input[i]) & ~mask[i] & 0xFF) == 0, $"{first}: octet {i} was {input[i]:x2}, re-encoded {buffer[i]:x2} (reserved {mask[i]:x2})");
        }

        Check(MptcpOption.TryRead(buffer[..written], out MptcpOption second, out MptcpError error), $"{first} re-encoded to {Convert.ToHexString(buffer[..written])}, which does not decode: {error.Describe()}");
        Check(second == first, $"{first} re-encoded and decoded as {second}");
        Span<byte> again = stackalloc byte[MptcpConstants.MaxTcpOptionSpace];
        Check(second.Write(again, out int againWritten) == MptcpStatus.Ok && again[..againWritten].SequenceEqual(buffer[..written]), $"{first}: encoding is not stable");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantException(message);
        }
    }

    // The message is formatted only when the check fails: the hot path does not allocate for it.
    private static void Check(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref FailureMessage message)
    {
        if (!condition)
        {
            throw new InvariantException(message.ToStringAndClear());
        }
    }

    // The [ReservedBits] of each option struct, as a mask per octet of the option, read from the schema itself.
    // Loaded on first use, inside the fuzzing loop: instrumented code (the attributes' constructors) must not run
    // before SharpFuzz has set up its coverage map.
    private static class Reserved
    {
        public static readonly Dictionary<MptcpOptionKind, byte[]> Masks = Load();

        private static Dictionary<MptcpOptionKind, byte[]> Load()
        {
            var masks = new Dictionary<MptcpOptionKind, byte[]>();
            foreach (MptcpOptionKind kind in Enum.GetValues<MptcpOptionKind>())
            {
                masks[kind] = new byte[MptcpConstants.MaxTcpOptionSpace];
            }

            foreach (Type type in typeof(MptcpOption).Assembly.GetTypes())
            {
                if (!Enum.TryParse(type.Name, out MptcpOptionKind kind) || kind == MptcpOptionKind.None)
                {
                    continue;
                }

                foreach (ReservedBitsAttribute reserved in type.GetCustomAttributes<ReservedBitsAttribute>())
                {
                    masks[kind][reserved.Offset] |= (byte)reserved.Mask;
                }
            }

            return masks;
        }
    }
}

/// <summary>An interpolated message that is built only when its condition is false.</summary>
[InterpolatedStringHandler]
public ref struct FailureMessage
{
    private DefaultInterpolatedStringHandler _inner;

    /// <summary>Starts the message; nothing is appended when <paramref name="condition"/> holds.</summary>
    public FailureMessage(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
    {
        _inner = condition ? default : new DefaultInterpolatedStringHandler(literalLength, formattedCount);
        shouldAppend = !condition;
    }

    /// <summary>Appends text.</summary>
    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    /// <summary>Appends a value.</summary>
    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    /// <summary>Appends a value with a format.</summary>
    public void AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

    /// <summary>Appends characters.</summary>
    public void AppendFormatted(ReadOnlySpan<char> value) => _inner.AppendFormatted(value);

    /// <summary>The message.</summary>
    public string ToStringAndClear() => _inner.ToStringAndClear();
}
