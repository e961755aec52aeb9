namespace Trig.Crm.Worker.Tests.Fuzz;

/// <summary>One generated request: whether a 2xx to it would mean something invalid was accepted, and what was done to it.</summary>
internal sealed record HttpFuzzCase(HttpRequestMessage Request, bool Invalid, string Description);
