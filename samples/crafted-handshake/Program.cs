using System;
using System.IO;
using System.Net;
using Mptcp.Codec;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Peer;
using Mptcp.Codec.Peer.Kernel;
using Mptcp.Codec.Peer.Mptcp;
using Mptcp.Codec.Peer.Tcp;
using Mptcp.Codec.Tcp;

string pcapPath = args.Length > 0 ? args[0] : "crafted.pcap";

// 1. A crafted MP_CAPABLE v1 handshake with checksums, then "hello" in a DSS mapping, written to a pcap.
const ulong ClientKey = 0x0123456789ABCDEF, ServerKey = 0xFEDCBA9876543210;
MptcpAddress client = MptcpAddress.From(IPAddress.Parse("192.0.2.1")), server = MptcpAddress.From(IPAddress.Parse("198.51.100.1"));
byte[] hello = "hello"u8.ToArray(), packet = new byte[1500];
var pcap = new CaptureWriter(File.Create(pcapPath), linkType: LinkTypes.Raw);
long time = 1_700_000_000_000_000_000;
void Send(bool fromClient, uint seq, uint ack, TcpFlags flags, MptcpOption option, byte[]? payload = null)
{
    var builder = fromClient ? new TcpPacketBuilder(client, 40000, server, 80) : new TcpPacketBuilder(server, 80, client, 40000);
    (builder.SequenceNumber, builder.AcknowledgmentNumber, builder.Flags) = (seq, ack, flags);
    builder.AddOption(option);
    builder.TryWrite(payload, packet, out int length);
    pcap.TryWrite(time += 1_000_000, LinkTypes.Raw, (uint)length, packet.AsSpan(0, length));
}

var capable = new MpCapableOption { Version = 1, ChecksumRequired = true, HmacSha = true };
Send(true, 1000, 0, TcpFlags.Syn, capable);
Send(false, 5000, 1001, TcpFlags.Syn | TcpFlags.Ack, capable with { HasSenderKey = true, SenderKey = ServerKey });
Send(true, 1001, 5001, TcpFlags.Ack, capable with { HasSenderKey = true, SenderKey = ClientKey, HasReceiverKey = true, ReceiverKey = ServerKey });
var dss = new DssOption { DataAckPresent = true, DataAckIs8Octets = true, DataAck = MptcpKeys.InitialDataSequenceNumber(ServerKey, MptcpVersion.V1) + 1,
    MappingPresent = true, DataSequenceNumberIs8Octets = true, DataSequenceNumber = MptcpKeys.InitialDataSequenceNumber(ClientKey, MptcpVersion.V1) + 1, SubflowSequenceNumber = 1, DataLevelLength = 5 };
Send(true, 1001, 5001, TcpFlags.Ack | TcpFlags.Psh, dss.WithChecksum(hello), hello);
pcap.Dispose();

// 2. The pcap read back: each packet decoded, each MPTCP option printed from its value.
using (CaptureReader reader = CaptureReader.Open(pcapPath))
{
    while (reader.TryReadNext(out CapturedFrame frame))
    {
        PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _);
        foreach (TcpOption option in TcpOptionWalker.MptcpOptions(segment.Options))
        {
            MptcpOption.TryRead(option.Bytes, out MptcpOption value, out _);
            Console.WriteLine($"{frame.FrameNumber} {segment.Source}.{segment.SourcePort} > {segment.Destination}.{segment.DestinationPort} [{(TcpFlags)segment.Flags}] {MptcpText.Format(value)}");
        }
    }
}

// 3. The kernel of this machine, in a namespace of its own: the peer connects, sends 100,000 octets, reads them back.
PeerHost.Run("mptcp-crafted", checksums: true, host =>
{
    using KernelEcho echo = KernelEcho.Start(new IPEndPoint(IPAddress.IPv6Any, 8080));
    MptcpCounters before = MptcpCounters.Read(host.Namespace);
    var subflow = new TcpSubflow(PeerHost.PeerAddresses[0], 40000, PeerHost.KernelAddress, 8080, initialSequence: 1000,
        new TcpFeatures(Sack: true, Timestamps: true, WindowScale: 7));
    var connection = new PeerConnection(host.Link, subflow, localKey: ClientKey, requestChecksums: true);
    connection.Connect(timeoutMs: 3000);
    connection.Send(new byte[100_000]);
    bool echoed = connection.WaitUntil(() => connection.Received.Length == 100_000, timeoutMs: 5000);
    long accepted = MptcpCounters.Read(host.Namespace).Since(before)["MPCapableACKRX"];
    Console.WriteLine($"kernel: echoed {echoed}, MPCapableACKRX +{accepted}");
});
