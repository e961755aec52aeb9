namespace Trig.Crm.Store.Insights;

/// <summary>One page of a definition's current members; <see cref="Total"/> counts all of them.</summary>
public sealed record MembersPage(int Total, int Page, int PageSize, IReadOnlyList<MemberRow> Rows);
