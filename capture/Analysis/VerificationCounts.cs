using System;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>Checked, failed and not verifiable counts of one kind of check.</summary>
public sealed class CheckCounts
{
    /// <summary>Checks made (passed or failed).</summary>
    public int Checked { get; private set; }

    /// <summary>Checks that failed.</summary>
    public int Failed { get; private set; }

    /// <summary>Checks the capture did not allow.</summary>
    public int Unverifiable { get; private set; }

    /// <summary>Counts one more check with <paramref name="outcome"/>, as an analysis of one's own (a live verifier) keeps counts.</summary>
    public void Add(CheckOutcome outcome)
    {
        switch (outcome)
        {
            case CheckOutcome.Passed:
                Checked++;
                break;
            case CheckOutcome.Failed:
                Checked++;
                Failed++;
                break;
            default:
                Unverifiable++;
                break;
        }
    }

    internal void Add(CheckCounts other)
    {
        Checked += other.Checked;
        Failed += other.Failed;
        Unverifiable += other.Unverifiable;
    }
}

/// <summary>The counts of every kind of check.</summary>
public sealed class VerificationCounts
{
    private readonly CheckCounts[] _counts = [new(), new(), new(), new(), new()];

    /// <summary>MP_JOIN tokens.</summary>
    public CheckCounts Token => this[CheckKind.Token];

    /// <summary>MP_JOIN HMACs.</summary>
    public CheckCounts JoinHmac => this[CheckKind.JoinHmac];

    /// <summary>ADD_ADDR HMACs.</summary>
    public CheckCounts AddAddressHmac => this[CheckKind.AddAddressHmac];

    /// <summary>DSS checksums.</summary>
    public CheckCounts DssChecksum => this[CheckKind.DssChecksum];

    /// <summary>IDSNs.</summary>
    public CheckCounts Idsn => this[CheckKind.Idsn];

    /// <summary>The counts of one kind.</summary>
    public CheckCounts this[CheckKind kind] => _counts[(int)kind];

    /// <summary>Failures of every kind.</summary>
    public int TotalFailed
    {
        get
        {
            int failed = 0;
            foreach (CheckCounts counts in _counts)
            {
                failed += counts.Failed;
            }

            return failed;
        }
    }

    internal void Add(VerificationCounts other)
    {
        foreach (CheckKind kind in Enum.GetValues<CheckKind>())
        {
            this[kind].Add(other[kind]);
        }
    }
}
