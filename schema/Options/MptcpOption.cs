using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>
/// Any MPTCP option of RFC 6824 and RFC 8684, held without boxing; <c>TryRead</c> dispatches on the subtype,
/// then on the length (MP_JOIN) or the header bits (ADD_ADDR v0 or v1).
/// </summary>
[MptcpOptionUnion]
public partial struct MptcpOption
{
}
