using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Capture.Analysis;

public sealed partial class MptcpAnalyzer
{
    private void Capable(Subflow subflow, bool fromInitiator, TcpFlags flags, MpCapableOption capable)
    {
        _segmentHasCapable = true;
        subflow.CapableVersion = capable.Version;
        if (_verify)
        {
            CheckAlgorithm(subflow, fromInitiator, capable);
        }

        subflow.CapableChecksum = (subflow.CapableChecksum ?? false) | capable.ChecksumRequired;
        if ((flags & TcpFlags.Syn) != 0)
        {
            subflow.CapableSyn |= fromInitiator && (flags & TcpFlags.Ack) == 0;
            if (capable.HasSenderKey)
            {
                if (fromInitiator)
                {
                    subflow.CapableInitiatorKey = capable.SenderKey;
                }
                else
                {
                    subflow.CapableListenerKey = capable.SenderKey;
                }
            }

            return;
        }

        if (capable.HasReceiverKey && fromInitiator)
        {
            // The third ACK (or v1's first data) echoes both keys: they must be those of the SYN and SYN/ACK.
            if (_verify && ((subflow.CapableInitiatorKey is ulong sent && sent != capable.SenderKey) || (subflow.CapableListenerKey is ulong answered && answered != capable.ReceiverKey)))
            {
                Report(subflow, fromInitiator, FindingKind.EchoedKeyMismatch);
            }

            // Each end's own key is the one it sent; the echo only fills in what the capture did not see.
            subflow.CapableInitiatorKey ??= capable.SenderKey;
            subflow.CapableListenerKey ??= capable.ReceiverKey;
        }

        if (subflow.Connection is null && subflow.CapableInitiatorKey is ulong client && subflow.CapableListenerKey is ulong server)
        {
            Connect(subflow, client, server);
        }

        // v1: the first data carries an implicit mapping from IDSN + 1 at subflow sequence number 1.
        if (capable.HasDataLevelLength && subflow.Connection is MptcpConnection connection)
        {
            Side sender = subflow.SideOf(fromInitiator);
            connection.FirstMappingSeen[(int)sender] = true;
            StartMapping(subflow, fromInitiator, connection.Idsn(sender) + 1, 1, capable.DataLevelLength, false, capable.HasChecksum, capable.Checksum);
        }
    }

    private void JoinSyn(Subflow subflow, MpJoinSynOption join)
    {
        subflow.IsJoin = true;
        subflow.InitiatorNonce = join.SenderRandomNumber;
        subflow.InitiatorAddressId = join.AddressId;
        subflow.Backup = join.Backup;
        subflow.JoinToken = join.ReceiverToken;
        StreamRecord? stream = subflow.Stream;
        if (subflow.Connection is null && stream?.Connection is MptcpConnection connection
            && (join.ReceiverToken == connection.ServerToken || join.ReceiverToken == connection.ClientToken))
        {
            // A join that carries the server's token comes from the client side, and the other way round.
            subflow.InitiatorSide = join.ReceiverToken == connection.ServerToken ? Side.Client : Side.Server;
            connection.Add(subflow);
        }
        else if (subflow.Connection is null && stream is { Connection: null } && subflow.Waiting is null)
        {
            // Its connection's keys may still come: files merged from several interfaces are not in time order.
            subflow.Waiting = (stream.WaitingJoins ??= new()).AddLast(subflow);
        }

        Record(subflow, CheckKind.Token, subflow.Connection is null ? CheckOutcome.Unverifiable : CheckOutcome.Passed);
        if (subflow.Connection is null && _verify)
        {
            // Unknown so far in the file; if the connection's keys come later, the finding goes (Claim).
            Report(subflow, fromInitiator: true, FindingKind.UnknownToken);
        }
    }

    private void JoinSynAck(Subflow subflow, MpJoinSynAckOption join)
    {
        subflow.ListenerNonce = join.SenderRandomNumber;
        subflow.ListenerAddressId = join.AddressId;
        subflow.SynAckTruncatedHmac = join.SenderTruncatedHmac;
        if (subflow.Connection is not { KeysKnown: true } connection || subflow.InitiatorNonce is not uint initiatorNonce)
        {
            Record(subflow, CheckKind.JoinHmac, CheckOutcome.Unverifiable);
            return;
        }

        ulong expected = MptcpHmac.JoinSynAck(connection.Version, connection.Key(subflow.InitiatorSide.Other()), connection.Key(subflow.InitiatorSide), join.SenderRandomNumber, initiatorNonce);
        Record(subflow, CheckKind.JoinHmac, Outcome(expected == join.SenderTruncatedHmac));
    }

    private void JoinAck(Subflow subflow, MpJoinAckOption join)
    {
        subflow.Established = true;
        if (subflow.Connection is not { KeysKnown: true } connection || subflow.InitiatorNonce is not uint initiatorNonce || subflow.ListenerNonce is not uint listenerNonce)
        {
            Record(subflow, CheckKind.JoinHmac, CheckOutcome.Unverifiable);
            return;
        }

        Octets20 expected = MptcpHmac.JoinAck(connection.Version, connection.Key(subflow.InitiatorSide), connection.Key(subflow.InitiatorSide.Other()), initiatorNonce, listenerNonce);
        Record(subflow, CheckKind.JoinHmac, Outcome(expected == join.SenderHmac));
    }

    private void AddAddress(long frame, Subflow subflow, bool fromInitiator, AddAddressOption add)
    {
        if (subflow.Connection is not MptcpConnection connection)
        {
            Record(subflow, CheckKind.AddAddressHmac, CheckOutcome.Unverifiable);
            return;
        }

        Side sender = subflow.SideOf(fromInitiator);
        // A connection whose keys the capture never showed (its handshake cut or refused) cannot check an HMAC.
        Record(subflow, CheckKind.AddAddressHmac, connection.KeysKnown ? Outcome(add.VerifyHmac(connection.Key(sender), connection.Key(sender.Other()))) : CheckOutcome.Unverifiable);
        Announce(subflow, fromInitiator, sender, add.AddressId, add.Address, add.HasPort ? add.Port : (ushort)0);
        connection.Add(new ConnectionEvent(frame, sender, ConnectionEventKind.AddAddress, add, default));
    }
}
