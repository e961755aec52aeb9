using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Trig.Crm.Worker.Cli;

/// <summary>
/// Console output: Spectre.Console progress when attached to a terminal, plain timestamped lines when not
/// (CI, pipes). Progress goes to stderr so <c>--json</c> output on stdout stays clean.
/// </summary>
internal static class CliOutput
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static bool Interactive => !Console.IsErrorRedirected && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs work with a progress display; the work reports steps through the IProgress.</summary>
    public static async Task<T> WithProgressAsync<T>(string title, Func<IProgress<string>, Task<T>> work)
    {
        if (!Interactive)
        {
            Console.Error.WriteLine($"[{TimeProvider.System.GetLocalNow():HH:mm:ss}] {title}");
            return await work(new SyncProgress(m => Console.Error.WriteLine($"[{TimeProvider.System.GetLocalNow():HH:mm:ss}] {m}")));
        }

        T result = default!;
        await AnsiConsole.Status().StartAsync(title, async ctx =>
        {
            result = await work(new SyncProgress(m => ctx.Status(Markup.Escape(m))));
        });
        return result;
    }

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    public static void Error(string message) => Console.Error.WriteLine("error: " + message);

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which reorders lines).</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
