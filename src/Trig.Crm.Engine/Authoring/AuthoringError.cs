namespace Trig.Crm.Engine.Authoring;

/// <summary>A validation error at its place: <see cref="File"/> is <c>document</c> for the applied text itself.</summary>
public sealed record AuthoringError(string File, int Line, int Column, string Message);
