namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schemas <c>ForwardPaging</c> / <c>Paging</c>: no <c>next</c> means the last page.</summary>
internal sealed record ForwardPaging(NextPage? Next);
