using System;
using System.IO;
using System.Text;
using System.Text.Json;
using CustomOption;
using Mptcp.Codec;
using Mptcp.Codec.Format.Json;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tcp;

// A TCP option block as a capture holds it: two NOPs, the third ACK's MP_CAPABLE and a DSS of the project's seed
// capture (RFC 6824), and our vendor probe between them.
byte[] block = Convert.FromHexString(
    "0101" +
    "1e14 0081 877c fcac 977e 4b88 813f 6794 75cb 7f9f".Replace(" ", "") +
    "1e0c f902 0123 4567 89ab cdef".Replace(" ", "") +
    "1e14 2005 eedf 3c42 83a6 8961 0000 0001 0005 9e97".Replace(" ", ""));

Console.WriteLine("decode:");
var walker = TcpOptionWalker.MptcpOptions(block);
while (walker.MoveNext())
{
    TcpOption option = walker.Current;
    if (!VendorOptions.TryRead(option.Bytes, out VendorOptions decoded, out MptcpError error))
    {
        Console.WriteLine($"  offset {option.Offset}: {error.Describe()}");
        continue;
    }

    string detail = decoded.TryGet(out VendorProbeOption probe) ? $"nonce 0x{probe.Nonce:x16}, {probe.HopCount} hops"
        : decoded.TryGet(out DssOption dss) ? $"data sequence number {dss.DataSequenceNumber}"
        : decoded.IsBuiltIn ? "built in" : "?";
    Console.WriteLine($"  {decoded.Kind}: {detail}");
    Console.WriteLine($"    text {MptcpText.Format<VendorOptions>(option.Bytes)}");
    Console.WriteLine($"    json {Json(option.Bytes)}");
}

Console.WriteLine(walker.Error.IsOk ? "  (block read to its end)" : $"  block: {walker.Error.Describe()}");

Console.WriteLine("encode:");
VendorOptions[] outgoing =
[
    new VendorProbeOption { Echo = false, Version = 1, HopCount = 0, Nonce = 0xfedcba9876543210 },
    new DssOption { DataAckPresent = true, DataAck = 4007607362 },
];
Span<byte> buffer = stackalloc byte[MptcpConstants.MaxTcpOptionSpace];
foreach (VendorOptions value in outgoing)
{
    Console.WriteLine(value.TryWrite(buffer, out int written)
        ? $"  {value.Kind}: {Convert.ToHexStringLower(buffer[..written])}  ({MptcpText.Format<VendorOptions>(buffer[..written])})"
        : $"  {value.Kind}: {value.Validate()}");
}

static string Json(ReadOnlySpan<byte> option)
{
    var stream = new MemoryStream();
    using (var json = new Utf8JsonWriter(stream))
    {
        MptcpJson.Write<VendorOptions>(json, option);
    }

    return Encoding.UTF8.GetString(stream.ToArray());
}
