namespace Mptcp.Codec.Schema;

/// <summary>How the presence of a field after the header is decided.</summary>
public enum FieldPresence
{
    /// <summary>Always present (unless <see cref="FieldAttribute.When"/> names a clear flag).</summary>
    Always = 0,

    /// <summary>
    /// Present when the option length leaves room for it, in a chain: a trailing field is present
    /// only if every earlier trailing field is (MP_CAPABLE keys, data-level length, checksum).
    /// </summary>
    Trailing = 1,

    /// <summary>Present or absent independently, told by the option length (ADD_ADDR port, HMAC).</summary>
    ByLength = 2,
}
