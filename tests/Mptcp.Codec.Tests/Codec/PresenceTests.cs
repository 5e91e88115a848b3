using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Mptcp.Codec.Options;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Tests.Codec;

/// <summary>
/// A user's value never vanishes: every optional field of every option, set while its flag or presence member is
/// left at its default ("absent"), is refused by Validate() with the field's name, and so by every writer.
/// </summary>
public sealed class PresenceTests
{
    public static TheoryData<string, string> OptionalFields()
    {
        var data = new TheoryData<string, string>();
        foreach ((Type type, PropertyInfo property) in Optional())
        {
            data.Add(type.Name, property.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OptionalFields))]
    public void ASetValueWhosePresenceSaysAbsentIsRefusedByName(string typeName, string fieldName)
    {
        (Type type, PropertyInfo property) = Optional().Single(p => p.Type.Name == typeName && p.Property.Name == fieldName);
        object option = Activator.CreateInstance(type)!;
        property.SetValue(option, SomeValue(property.PropertyType));

        object?[] arguments = [null];
        var status = (MptcpStatus)type.GetMethod("Validate", [typeof(string).MakeByRefType()])!.Invoke(option, arguments)!;
        Assert.Equal(MptcpStatus.ValueWithoutPresence, status);
        Assert.Equal(fieldName, arguments[0]);

        // The writers refuse it too, and write nothing.
        var buffer = new ArrayBufferWriter<byte>();
        object?[] write = [buffer, 0];
        Assert.Equal(MptcpStatus.ValueWithoutPresence, type.GetMethod("Write", [typeof(IBufferWriter<byte>), typeof(int).MakeByRefType()])!.Invoke(option, write));
        Assert.Equal(0, buffer.WrittenCount);
    }

    [Fact]
    public void TryWrite_is_false_only_when_the_destination_is_too_small()
    {
        // The seed's DATA_ACK: 1e 08 20 01 ee df 3c 42, eight octets.
        var ack = new DssOption { DataAckPresent = true, DataAck = 4007607362 };
        byte[] small = new byte[7];
        Assert.False(ack.TryWrite(small, out int written));
        Assert.Equal(0, written);
        Assert.Equal(new byte[7], small);
        Assert.True(ack.TryWrite(new byte[8], out written));
        Assert.Equal(8, written);
        MptcpOption union = ack;
        Assert.False(union.TryWrite(small, out _));
        Assert.Throws<InvalidOperationException>(() => default(MptcpOption).TryWrite(new byte[40], out _));
    }

    [Fact]
    public void TheIssuesExamplesAreRefused()
    {
        Span<byte> buffer = stackalloc byte[40];
        Assert.Equal(MptcpStatus.ValueWithoutPresence, new DssOption { MappingPresent = true, Checksum = 0x9e97 }.Validate(out string? field));
        Assert.Equal("Checksum", field);
        // TryWrite is .NET's Try: an invalid value is Validate's answer, so writing one throws, naming the member.
        var refused = Assert.Throws<InvalidOperationException>(() => new DssOption { MappingPresent = true, Checksum = 0x9e97 }.TryWrite(new byte[40], out _));
        Assert.Equal("cannot write DssOption: ValueWithoutPresence (Checksum); Validate says so before writing", refused.Message);
        Assert.Equal(MptcpStatus.ValueWithoutPresence, new DssOption { DataAck = 4007607362 }.Write(buffer, out int written));
        Assert.Equal(0, written);
        Assert.Equal(MptcpStatus.ValueWithoutPresence, new AddAddressOption { Port = 8080, HasHmac = true }.Validate(out field));
        Assert.Equal("Port", field);

        // Through the union too.
        MptcpOption union = new DssOption { DataAck = 1 };
        Assert.Equal(MptcpStatus.ValueWithoutPresence, union.Validate(out field));
        Assert.Equal("DataAck", field);

        // With the presence said, the same values are written.
        Assert.True(new DssOption { MappingPresent = true, DataSequenceNumber = 1, SubflowSequenceNumber = 1, DataLevelLength = 5, HasChecksum = true, Checksum = 0x9e97 }.TryWrite(buffer, out written));
        Assert.Equal(0x9e97, (buffer[written - 2] << 8) | buffer[written - 1]);
    }

    [Fact]
    public void EveryOptionWithOptionalFieldsIsCovered()
    {
        // DSS: DataAck, DSN, SSN, data-level length, checksum; MP_CAPABLE: two keys, data-level length, checksum;
        // ADD_ADDR v1: port, HMAC; v0: port; MP_PRIO: address ID.
        List<(Type Type, PropertyInfo Property)> all = Optional().ToList();
        Assert.Equal(5, all.Count(p => p.Type == typeof(DssOption)));
        Assert.Equal(4, all.Count(p => p.Type == typeof(MpCapableOption)));
        Assert.Equal(2, all.Count(p => p.Type == typeof(AddAddressOption)));
        Assert.Contains(all, p => p.Type == typeof(AddAddressV0Option) && p.Property.Name == "Port");
        Assert.Contains(all, p => p.Type == typeof(MpPrioOption) && p.Property.Name == "AddressId");
    }

    // Every [Field] whose presence a flag or the length decides, of every option of the SDK.
    private static IEnumerable<(Type Type, PropertyInfo Property)> Optional() =>
        typeof(MptcpOption).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<MptcpOptionAttribute>() is not null)
            .SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(p => p.Property.GetCustomAttribute<FieldAttribute>() is { } field && (field.When is not null || field.Presence != FieldPresence.Always))
            .OrderBy(p => p.Type.Name, StringComparer.Ordinal).ThenBy(p => p.Property.Name, StringComparer.Ordinal);

    private static object SomeValue(Type type) => type switch
    {
        _ when type == typeof(byte) => (byte)1,
        _ when type == typeof(ushort) => (ushort)1,
        _ when type == typeof(uint) => 1U,
        _ when type == typeof(ulong) => 1UL,
        _ when type == typeof(OctetList) => OctetList.Of(1),
        _ when type == typeof(Octets20) => Octets20.From(new byte[20] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }),
        _ => throw new NotSupportedException(type.Name),
    };
}
