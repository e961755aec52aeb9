using Trig.Crm.Worker.Cli;

// trig: the Trig.Crm worker. `trig run` hosts the schedules and the HTTP API; the other commands are one-shot
// (OPERATIONS.md). Configuration keys may be given as --Trig:Section:Key=value anywhere on the command line.
return await TrigCommandLine.InvokeAsync(args);

/// <summary>The entry point type, for WebApplicationFactory-style tests.</summary>
internal partial class Program;
