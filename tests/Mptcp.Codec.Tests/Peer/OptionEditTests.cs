using System;
using Mptcp.Codec.Peer.Script;

namespace Mptcp.Codec.Tests.Peer;

/// <summary>
/// An edit is what a mutation changed in a valid option, so that a replay can apply it to its own valid option: the
/// octets are those of RFC 8684's MP_FASTCLOSE (kind 30, length 12, subtype 7, the receiver's key 0x0102…08).
/// </summary>
public sealed class OptionEditTests
{
    private static readonly byte[] FastClose = [0x1e, 0x0c, 0x70, 0x00, 1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void The_edit_between_two_options_makes_the_second_of_the_first()
    {
        byte[] zeroKey = [0x1e, 0x0c, 0x70, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
        OptionEdit edit = OptionEdit.Between(FastClose, zeroKey);
        Assert.Equal("edit 12 4:0000000000000000", edit.ToString());
        Assert.Equal(zeroKey, edit.Apply(FastClose));

        // Applied to another run's option, the octets the mutation left alone are that run's.
        byte[] other = [0x1e, 0x0c, 0x70, 0x00, 9, 9, 9, 9, 9, 9, 9, 9];
        byte[] lengthOnly = [0x1e, 0x0d, 0x70, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 0xaa];
        OptionEdit longer = OptionEdit.Between(FastClose, lengthOnly);
        Assert.Equal("edit 13 1:0d 12:aa", longer.ToString());
        Assert.Equal([0x1e, 0x0d, 0x70, 0x00, 9, 9, 9, 9, 9, 9, 9, 9, 0xaa], longer.Apply(other));
    }

    [Fact]
    public void A_cut_is_a_shorter_length_and_no_change_is_no_replacement()
    {
        Assert.Equal("edit 5", OptionEdit.Between(FastClose, FastClose.AsSpan(0, 5)).ToString());
        Assert.Equal(FastClose[..5], OptionEdit.Between(FastClose, FastClose.AsSpan(0, 5)).Apply(FastClose));
        Assert.Equal("edit 12", OptionEdit.Between(FastClose, FastClose).ToString());
    }

    [Fact]
    public void What_a_script_writes_parses_back_to_the_same_edit()
    {
        OptionEdit edit = OptionEdit.Parse("22", ["1:16", "20:0001"]);
        Assert.Equal("edit 22 1:16 20:0001", edit.ToString());
        Assert.Equal(edit, OptionEdit.Between(new byte[20], edit.Apply(new byte[20])));
    }

    [Theory]
    [InlineData("41", new string[0], "'41' is not an edited option's length (1 to 40)")]
    [InlineData("12", new[] { "4-00" }, "'4-00' is not a replacement AT:HEX (an offset, a colon, hex octets: 5:ff00)")]
    [InlineData("12", new[] { "4:0" }, "'4:0' is not a replacement AT:HEX (an offset, a colon, hex octets: 5:ff00)")]
    [InlineData("12", new[] { "6:00", "4:00" }, "'4:00': replacements go in offset order, without overlapping, within the 12 octets")]
    [InlineData("12", new[] { "11:0000" }, "'11:0000': replacements go in offset order, without overlapping, within the 12 octets")]
    public void A_bad_edit_is_refused_in_words(string length, string[] replacements, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => OptionEdit.Parse(length, replacements)).Message);
}
