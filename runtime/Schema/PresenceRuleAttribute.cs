using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// A rule tying a length-implied field's presence to a header bit field (<see cref="PresentWhenAttribute"/>,
/// <see cref="AbsentWhenAttribute"/>). The reader answers <see cref="MptcpStatus.BadLength"/> for a length that
/// breaks it, as Linux drops such options; <c>Validate()</c> and the writers answer
/// <see cref="MptcpStatus.InconsistentFields"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = true)]
public abstract class PresenceRuleAttribute : Attribute
{
    /// <summary>Creates the rule.</summary>
    /// <param name="member">The name of a <see cref="BitsAttribute"/> member of the same option.</param>
    /// <param name="value">The value of that member (a <c>bool</c> or an integer) the rule applies to.</param>
    protected PresenceRuleAttribute(string member, object value)
    {
        Member = member;
        Value = value;
    }

    /// <summary>The header bit field the rule looks at.</summary>
    public string Member { get; }

    /// <summary>The value of <see cref="Member"/> the rule applies to.</summary>
    public object Value { get; }
}

/// <summary>The field must be present whenever the member has the value (v1 ADD_ADDR: the HMAC when 'E' is 0).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = true)]
public sealed class PresentWhenAttribute(string member, object value) : PresenceRuleAttribute(member, value);

/// <summary>The field must be absent whenever the member has the value (v1 ADD_ADDR: no HMAC when 'E' is 1).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = true)]
public sealed class AbsentWhenAttribute(string member, object value) : PresenceRuleAttribute(member, value);
