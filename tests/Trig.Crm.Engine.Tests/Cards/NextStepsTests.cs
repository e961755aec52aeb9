using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cards;
using Trig.Crm.Lifecycle.Cards;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Engine.Tests.Cards;

/// <summary>
/// The card's next steps: the top retention-gap items an organisation has not completed, from a ranking computed in
/// the background and cached, over a real SQLite store.
/// <para>
/// Data: o1–o4 invited a colleague (seats ≥ 2) and are active; of o5–o8, who did not, only o5 is active. So for
/// <c>invited</c>: doers 4/4 retained (p₁ = 1), non-doers 1/4 (p₀ = 0.25), gap 75 points, SE = √(0 + 0.25·0.75/4)
/// = 0.2165, interval 75 ± 42.4 = [32.6, 117.4]: above zero, so it is a next step. <c>logged_in</c> is completed by
/// o1, o2, o5, o6: doers 3/4 retained, non-doers 2/4, gap 25, SE = √(0.75·0.25/4 + 0.5·0.5/4) = 0.3307, interval
/// 25 ± 64.8: it contains zero, so it is not offered.
/// </para>
/// </summary>
public sealed class NextStepsTests : IAsyncLifetime
{
    private const string Yaml = """
        schema:
          organisation:
            name: string
            seats: number
            status: string
            logged: bool
        behaviours:
          - key: invited
            name: Invited a colleague
            completion: [ seats >= 2 ]
          - key: logged_in
            name: Logged in
            completion: [ logged = true ]
        """;

    private TempStore _t = null!;
    private DefinitionSet _set = null!;

    public async Task InitializeAsync()
    {
        _t = await TempStore.CreateAsync("nextsteps");
        Directory.CreateDirectory(Path.Combine(_t.Directory, "lifecycle"));
        await File.WriteAllTextAsync(Path.Combine(_t.Directory, "lifecycle", "d.yaml"), Yaml);
        var loaded = DefinitionLoader.Load([("d.yaml", Yaml)]);
        _set = loaded.Set ?? throw new InvalidOperationException(string.Join("; ", loaded.Diagnostics));
        var logged = new HashSet<int> { 1, 2, 5, 6 };
        await _t.Store.UpsertAsync(
            [.. Enumerable.Range(1, 8).Select(i => new CrmRecord(EntityKind.Organisation, $"o{i}", null, new Dictionary<string, AttributeValue>
            {
                ["name"] = AttributeValue.Of($"Org {i}"),
                ["seats"] = AttributeValue.Of(i <= 4 ? 3 : 1),
                ["status"] = AttributeValue.Of(i <= 5 ? "active" : "cancelled"),
                ["logged"] = AttributeValue.Of(logged.Contains(i)),
            }))],
            default);
        await EvaluateAsync();
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private async Task EvaluateAsync()
    {
        var now = _t.Clock.GetUtcNow();
        var runtime = await _t.Store.SyncDefinitionsAsync(_set, now, default);
        var result = Evaluator.EvaluateAll(new EvaluationInput(_set, runtime, new Dictionary<(string, string), Benchmark>(), now), await _t.Store.LoadUnitsAsync(null, null, default));
        await _t.Store.CommitAsync(result, _set, now, default);
    }

    private IHost Host(params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var config = new Dictionary<string, string?>
        {
            ["Trig:Definitions:Path"] = Path.Combine(_t.Directory, "lifecycle"),
            ["Trig:Store:ConnectionString"] = _t.ConnectionString,
            ["Trig:Insights:MinGroupSize"] = "2",
        };
        foreach (var (k, v) in settings)
        {
            config[k] = v;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddSingleton<TimeProvider>(_t.Clock);
        builder.Services.AddSingleton<Store.ITrigStore>(_t.Store);
        builder.AddTrigEngine();
        return builder.Build();
    }

    private static async Task<IReadOnlyList<CardNextStep>> CardStepsAsync(IHost host, string id) =>
        (await host.Services.GetRequiredService<CardService>().BuildAsync(EntityKind.Organisation, id, default))!.NextSteps!;

    private static NextStepsRanking Ranking(IHost host) => (NextStepsRanking)host.Services.GetRequiredService<ICardNextSteps>();

    /// <summary>The first card request starts the ranking in the background; this waits for it.</summary>
    private static async Task RankedAsync(IHost host, string id)
    {
        await CardStepsAsync(host, id);
        await (Ranking(host).Pending ?? Task.CompletedTask);
    }

    [Fact]
    public async Task Card_ShowsTheTopRetentionGapBehaviourTheOrganisationHasNotDone()
    {
        using var host = Host(("Trig:Cards:NextSteps:Outcome", "status = active"));
        await RankedAsync(host, "o5");

        var o5 = await CardStepsAsync(host, "o5");
        var o1 = await CardStepsAsync(host, "o1");

        var step = Assert.Single(o5);
        Assert.Equal(new CardNextStep("invited", "Invited a colleague", "behaviour", null, "active", 75.0, 1.0, 0.25), step);
        Assert.Empty(o1); // o1 completed it; logged_in's interval contains zero
    }

    [Fact]
    public async Task Ranking_IsServedFromTheCache_AndRefreshedInTheBackgroundAfterRefreshMinutes()
    {
        using var host = Host(("Trig:Cards:NextSteps:Outcome", "status = active"), ("Trig:Cards:NextSteps:RefreshMinutes", "30"));
        await RankedAsync(host, "o5");

        // Everyone churns: a fresh ranking would show no gap, but cards keep the cached one until it is 30 minutes old.
        await _t.Store.SetAttributesAsync([.. Enumerable.Range(1, 8).Select(i => new AttributeChange(EntityKind.Organisation, $"o{i}", "status", AttributeValue.Of("cancelled")))], default);
        _t.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Single(await CardStepsAsync(host, "o5"));
        Assert.Single(await CardStepsAsync(host, "o5"));
        Assert.Equal(1, Ranking(host).RefreshesStarted);

        _t.Clock.Advance(TimeSpan.FromMinutes(1));
        await RankedAsync(host, "o5");

        Assert.Empty(await CardStepsAsync(host, "o5"));
        Assert.Equal(2, Ranking(host).RefreshesStarted);
    }

    [Fact]
    public async Task NotConfigured_NextStepsIsEmpty()
    {
        using var host = Host();
        Assert.Empty(await CardStepsAsync(host, "o5"));
        Assert.Equal(0, Ranking(host).RefreshesStarted);
    }

    [Fact]
    public async Task AnOutcomeNamingAnUnknownAttribute_ServesNoStepsInsteadOfFailingTheCard()
    {
        using var host = Host(("Trig:Cards:NextSteps:Outcome", "no_such_attribute = 1"));
        await RankedAsync(host, "o5");

        Assert.Empty(await CardStepsAsync(host, "o5"));
    }

    [Theory]
    [InlineData("Trig:Cards:NextSteps:RetainedCohort", "premium", "set one of Outcome, RetainedCohort or ChurnedCohort")]
    [InlineData("Trig:Cards:NextSteps:Within", "soon", "Trig:Cards:NextSteps:Within 'soon' is not a duration")]
    [InlineData("Trig:Cards:NextSteps:Top", "0", "Trig:Cards:NextSteps:Top must be 1 to 10")]
    public void BadOptions_AreRefusedNamingTheKey(string key, string value, string message)
    {
        using var host = Host(("Trig:Cards:NextSteps:Outcome", "status = active"), (key, value));

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<NextStepsOptions>>().Value);

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
