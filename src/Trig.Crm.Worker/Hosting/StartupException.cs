namespace Trig.Crm.Worker.Hosting;

/// <summary>A configuration problem found at start-up; its message is the one line the user sees.</summary>
internal sealed class StartupException(string message) : Exception(message);
