using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DuckDB.NET.Data;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// <c>read --format parquet</c> (issue 15) read back by a second, independent reader, DuckDB (through DuckDB.NET),
/// and compared value by value with <c>read --format json</c> of the same capture: one row per MPTCP option, the
/// packet's fields on each, the option's fields by their Wireshark names, the analysis under <c>mptcp_</c>.
/// </summary>
public sealed class ParquetTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-parquet-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Captures()
    {
        var captures = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Repository.Path("samples", "captures"), "*.pcap").Order(StringComparer.Ordinal))
        {
            captures.Add(Path.GetFileName(path));
        }

        foreach (string name in new[] { "mptcp-v0", "mptcp-v1", "mptcp-aa-v1", "mptcp-fclose", "mptcp-tcprst" })
        {
            captures.Add(Path.Combine("..", "..", "tests", "data", "tcpdump-tests", name + ".pcap"));
        }

        return captures;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryValueReadBackByDuckDbEqualsTheJson(string name) => Compare(name);

    /// <summary>With --verify the checks of each packet are a column too.</summary>
    [Fact]
    public void TheChecksOfVerifyAreAColumn() => Compare("v1-csum-ipv4.pcap", "--verify");

    /// <summary>A damaged option block (the seed's first DSS claiming 48 octets): where it broke is in the packet's row.</summary>
    [Fact]
    public void ADamagedOptionBlockIsInTheRow()
    {
        using var bent = new BentSeed(octet: 1, value: 48);
        Compare(bent.Path);
    }

    private void Compare(string name, params string[] more)
    {
        string capture = Path.IsPathRooted(name) ? name : Path.GetFullPath(Samples.Capture(name));
        string parquet = Path.Combine(_folder, Path.GetFileNameWithoutExtension(capture) + ".parquet");
        Assert.Equal(0, Tool.Run(["read", capture, "--format", "parquet", "-o", parquet, .. more]).Exit);
        List<Dictionary<string, string>> expected = ExpectedRows(Tool.Run(["read", capture, "--format", "json", .. more]).Output);

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{parquet.Replace("'", "''", StringComparison.Ordinal)}') ORDER BY frame, option_index";
        using var reader = command.ExecuteReader();
        int rows = 0, values = 0;
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToHashSet();
        Assert.Empty(expected.SelectMany(r => r.Keys).Distinct().Except(columns)); // no JSON value without its column
        while (reader.Read())
        {
            Assert.True(rows < expected.Count, $"more rows than the JSON has options ({expected.Count})");
            Dictionary<string, string> json = expected[rows++];
            for (int i = 0; i < reader.FieldCount; i++)
            {
                string column = reader.GetName(i);
                string got = reader.IsDBNull(i) ? "null" : Text(reader.GetValue(i));
                string want = json.GetValueOrDefault(column, "null");
                Assert.True(want == got, $"{name} frame {json["frame"]} option {json.GetValueOrDefault("option_index")}: {column} is {got} in Parquet, {want} in the JSON");
                values += got == "null" ? 0 : 1;
            }
        }

        Assert.Equal(expected.Count, rows);
        output.WriteLine($"{name}: {rows} rows, {values} values equal to the JSON");
    }

    /// <summary><c>summary --format parquet</c>: one row per subflow, each value equal to the summary's JSON, read back by DuckDB.</summary>
    [Theory]
    [MemberData(nameof(Captures))]
    public void SummaryRowsReadBackByDuckDbEqualTheJson(string name)
    {
        string capture = Path.GetFullPath(Samples.Capture(name));
        string parquet = Path.Combine(_folder, Path.GetFileNameWithoutExtension(capture) + "-summary.parquet");
        (int exit, _, string errors) = Tool.Run("summary", capture, "--format", "parquet", "-o", parquet);
        Assert.True(exit is 0 or 1, errors);
        using JsonDocument summary = JsonDocument.Parse(Tool.Run("summary", capture, "--format", "json").Output);
        var expected = new List<Dictionary<string, string>>();
        foreach (JsonElement connection in summary.RootElement.GetProperty("connections").EnumerateArray())
        {
            foreach (JsonElement subflow in connection.GetProperty("subflows").EnumerateArray())
            {
                var row = new Dictionary<string, string>();
                Flatten(connection, string.Empty, row, skip: "subflows");
                Flatten(subflow, string.Empty, row, skip: null);
                expected.Add(row);
            }
        }

        using var connectionDb = new DuckDBConnection("Data Source=:memory:");
        connectionDb.Open();
        using DuckDBCommand command = connectionDb.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{parquet.Replace("'", "''", StringComparison.Ordinal)}') ORDER BY connection, subflow";
        using var reader = command.ExecuteReader();
        int rows = 0;
        Assert.Empty(expected.SelectMany(r => r.Keys).Distinct().Except(Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)));
        while (reader.Read())
        {
            Dictionary<string, string> json = expected[rows++];
            for (int i = 0; i < reader.FieldCount; i++)
            {
                string got = reader.IsDBNull(i) ? "null" : Text(reader.GetValue(i));
                Assert.True(json.GetValueOrDefault(reader.GetName(i), "null") == got, $"{name} row {rows}: {reader.GetName(i)} is {got} in Parquet, {json.GetValueOrDefault(reader.GetName(i), "null")} in the JSON");
            }
        }

        Assert.Equal(expected.Count, rows);
        output.WriteLine($"{name}: {rows} subflow rows equal to the summary's JSON");
    }

    /// <summary>Scalars of an object (and of its nested objects, as PARENT_NAME), arrays left out: they are the events, findings and checks.</summary>
    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> row, string? skip)
    {
        foreach (JsonProperty p in element.EnumerateObject())
        {
            if (p.Name == skip || p.Value.ValueKind == JsonValueKind.Array || (prefix.Length == 0 && p.Name == "verification"))
            {
                continue;
            }

            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(p.Value, prefix + p.Name + "_", row, null);
            }
            else
            {
                row[prefix + p.Name] = Text(p.Value);
            }
        }
    }

    /// <summary>The rows the JSON says there are: one per option, column name → value as text.</summary>
    private static List<Dictionary<string, string>> ExpectedRows(string jsonLines)
    {
        var rows = new List<Dictionary<string, string>>();
        foreach (string line in jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement packet = document.RootElement;
            int index = 0;
            JsonElement[] options = packet.GetProperty("options").EnumerateArray().ToArray();
            foreach (JsonElement? option in options.Length > 0 ? options.Select(o => (JsonElement?)o) : [null])
            {
                var row = new Dictionary<string, string>();
                foreach (JsonProperty p in packet.EnumerateObject().Where(p => p.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)))
                {
                    row[p.Name] = Text(p.Value);
                }

                foreach (JsonProperty flag in packet.GetProperty("flags").EnumerateObject())
                {
                    row["flag_" + flag.Name] = Text(flag.Value);
                }

                if (packet.TryGetProperty("option_block_error", out JsonElement broken))
                {
                    row["option_block_error_status"] = Text(broken.GetProperty("status"));
                    row["option_block_error_offset"] = Text(broken.GetProperty("offset"));
                }

                if (packet.TryGetProperty("header_cut", out JsonElement cut))
                {
                    row["header_cut_captured"] = Text(cut.GetProperty("captured"));
                    row["header_cut_length"] = Text(cut.GetProperty("header_length"));
                }

                if (packet.TryGetProperty("checks", out JsonElement checks) && checks.GetArrayLength() > 0)
                {
                    row["checks"] = string.Join(',', checks.EnumerateArray().Select(c => $"{c.GetProperty("kind").GetString()}:{c.GetProperty("outcome").GetString()}"));
                }

                if (option is JsonElement o)
                {
                    row["option_index"] = (index++).ToString(CultureInfo.InvariantCulture);
                    foreach (JsonProperty p in o.EnumerateObject())
                    {
                        row[p.Name == "length" ? "option_length" : p.Name] = Text(p.Value);
                    }
                }

                if (packet.TryGetProperty("mptcp", out JsonElement analysis))
                {
                    foreach (JsonProperty p in analysis.EnumerateObject())
                    {
                        row["mptcp_" + p.Name] = Text(p.Value);
                    }
                }

                rows.Add(row);
            }
        }

        return rows;
    }

    private static string Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Array => v.GetArrayLength() == 0 ? "null" : string.Join(',', v.EnumerateArray().Select(Text)),
        _ => v.GetRawText(),
    };

    private static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
