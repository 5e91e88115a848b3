using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Mptcp.Codec.Cli.Fuzz;
using Mptcp.Codec.Fuzzing.Mutation;
using Mptcp.Codec.Tests.Cli;
using Xunit.Abstractions;

namespace Mptcp.Codec.Tests.Fuzzing;

/// <summary>
/// <c>fuzz diff</c> against the installed tcpdump and tshark: a short campaign of each (what CI runs), its report the
/// same for the same seed, every reproducer reproducing; and the differences already known and documented (README,
/// docs/peers.md) come out under the kind they are.
/// </summary>
public sealed class DiffCampaignTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-diff-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("tcpdump")]
    [InlineData("tshark")]
    public void A_short_campaign_reports_the_same_for_the_same_seed_and_its_reproducers_reproduce(string peer)
    {
        string first = Path.Combine(_folder, peer + "-1"), second = Path.Combine(_folder, peer + "-2");
        foreach (string folder in new[] { first, second })
        {
            (int exit, string text, string error) = Tool.Run("fuzz", "diff", "--against", peer, "--cases", "3000", "--seed", "11", "-o", folder);
            Assert.True(exit == 0, error);
            output.WriteLine(text.Trim());
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "report.json")), File.ReadAllBytes(Path.Combine(second, "report.json")));
        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(first, "report.json")));
        JsonElement root = report.RootElement;
        JsonElement[] kinds = [.. root.GetProperty("disagreements").EnumerateArray()];
        Assert.Equal(3000, root.GetProperty("run").GetInt32() + root.GetProperty("too_long_to_send").GetInt32());
        Assert.Equal(root.GetProperty("run").GetInt32(), root.GetProperty("agreed").GetInt32() + kinds.Sum(k => k.GetProperty("count").GetInt32()));
        Assert.NotEmpty(kinds);
        foreach (JsonElement kind in kinds)
        {
            Assert.True(File.Exists(Path.Combine(first, kind.GetProperty("reproducer").GetString()!)));
            Assert.Equal(kind.GetProperty("count").GetInt32(), kind.GetProperty("mutations").EnumerateObject().Sum(m => m.Value.GetInt32()));
        }

        Assert.Contains("| kind | cases |", File.ReadAllText(Path.Combine(first, "report.md")), StringComparison.Ordinal);
        (int replay, string said, _) = Tool.Run("fuzz", "diff", "--against", peer, "-o", first, "--replay");
        Assert.True(replay == 0, said);
    }

    /// <summary>Differences the README lists ("Where the text deliberately differs from tcpdump"), found by the campaign's own judge.</summary>
    [Theory]
    // A v0 MP_CAPABLE of 22 octets: the RFCs forbid it, Linux drops it, tcpdump prints it.
    [InlineData("tcpdump", "1e16008100000000000000010000000000000002beef", "tcpdump decodes what the SDK rejects: capable")]
    // An ADD_ADDR v1 with reserved bits set: read as RFC 8684 asks (bits ignored), tcpdump says [bad version/echo].
    [InlineData("tcpdump", "1e083d010a000001", "tcpdump's decode differs: add-addr")]
    // The same block decodes the same in both when nothing is wrong with it.
    [InlineData("tcpdump", "1e142005eedf3c4283a689610000000100059e97", null)]
    [InlineData("tshark", "1e142005eedf3c4283a689610000000100059e97", null)]
    public void A_known_difference_comes_out_as_its_kind(string peer, string hex, string? expected)
    {
        var c = new DiffCase(1, new MutatedCase(MutationKind.FieldEdge, Convert.FromHexString(hex), IsOptionBlock: true, default, 1));
        var campaign = new DiffCampaign(DiffPeer.Of(peer), 1, 0, TimeSpan.FromSeconds(30));
        (string? kind, PeerView ours, PeerView theirs) = campaign.Judge([c], Path.Combine(_folder, "one.pcap"), TimeSpan.FromSeconds(30)).Single();
        output.WriteLine($"SDK: {ours.Text}\n{peer}: {theirs.Text}");
        if (expected is null)
        {
            Assert.Null(kind);
        }
        else
        {
            Assert.NotNull(kind);
            Assert.StartsWith(expected, kind, StringComparison.Ordinal);
        }
    }
}
