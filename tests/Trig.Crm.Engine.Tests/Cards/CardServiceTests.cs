using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cards;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Engine.Tests.Cards;

/// <summary>The card's evaluation time and currency, over a real SQLite store and a fake clock.</summary>
public sealed class CardServiceTests : IAsyncLifetime
{
    private const string Yaml = """
        schema:
          organisation:
            plan: string
        behaviours:
          - key: everyone
            name: Everyone
            entity: organisation
          - key: paying
            name: Paying
            entity: organisation
            audience: [ plan = paid ]
        """;

    private TempStore _t = null!;
    private DefinitionSet _set = null!;

    public async Task InitializeAsync()
    {
        _t = await TempStore.CreateAsync("cards");
        Directory.CreateDirectory(Path.Combine(_t.Directory, "lifecycle"));
        await File.WriteAllTextAsync(Path.Combine(_t.Directory, "lifecycle", "d.yaml"), Yaml);
        var loaded = DefinitionLoader.Load([("d.yaml", Yaml)]);
        _set = loaded.Set ?? throw new InvalidOperationException(string.Join("; ", loaded.Diagnostics));
        await _t.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue> { ["name"] = AttributeValue.Of("Acme") })], default);
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    /// <summary>Evaluates every unit as of the clock's now; a full cycle records its time, the fast path does not.</summary>
    private async Task<DateTimeOffset> EvaluateAsync(bool fullCycle)
    {
        var now = _t.Clock.GetUtcNow();
        var runtime = await _t.Store.SyncDefinitionsAsync(_set, now, default);
        var result = Evaluator.EvaluateAll(new EvaluationInput(_set, runtime, new Dictionary<(string, string), Benchmark>(), now), await _t.Store.LoadUnitsAsync(null, null, default));
        await _t.Store.CommitAsync(result, _set, fullCycle ? now : null, default);
        return now;
    }

    private IHost Host(string? currency)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["Trig:Definitions:Path"] = Path.Combine(_t.Directory, "lifecycle"),
            ["Trig:Store:ConnectionString"] = _t.ConnectionString,
        };
        if (currency is not null)
        {
            settings["Trig:Cards:Currency"] = currency;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(_t.Clock);
        builder.Services.AddSingleton<Store.ITrigStore>(_t.Store);
        builder.AddTrigEngine();
        return builder.Build();
    }

    [Fact]
    public async Task Build_EvaluatedAtIsTheLastEvaluationThatTouchedTheEntity_NotTheRequestTime()
    {
        using var host = Host("EUR");
        var cards = host.Services.GetRequiredService<CardService>();
        await EvaluateAsync(fullCycle: true);
        _t.Clock.Advance(TimeSpan.FromHours(2));
        var quietCycle = await EvaluateAsync(fullCycle: true);
        _t.Clock.Advance(TimeSpan.FromHours(3));

        var afterQuietCycle = (await cards.BuildAsync(EntityKind.Organisation, "o1", default))!;

        Assert.Equal(_t.Clock.GetUtcNow(), afterQuietCycle.AsOf);
        Assert.Equal(quietCycle, afterQuietCycle.EvaluatedAt);
        Assert.Equal("EUR", afterQuietCycle.Currency);

        // A fast-path evaluation records no cycle time, but the transition it made is the entity's latest evaluation.
        await _t.Store.SetAttributesAsync([new AttributeChange(EntityKind.Organisation, "o1", "plan", AttributeValue.Of("paid"))], default);
        var fastPath = await EvaluateAsync(fullCycle: false);
        _t.Clock.Advance(TimeSpan.FromMinutes(40));

        var afterFastPath = (await cards.BuildAsync(EntityKind.Organisation, "o1", default))!;

        Assert.Equal(fastPath, afterFastPath.EvaluatedAt);
        Assert.Contains(afterFastPath.Behaviours, b => b.Key == "paying");
    }

    [Fact]
    public async Task Build_NeverEvaluated_EvaluatedAtIsNull_AndCurrencyDefaultsToUsd()
    {
        using var host = Host(currency: null);

        var card = (await host.Services.GetRequiredService<CardService>().BuildAsync(EntityKind.Organisation, "o1", default))!;

        Assert.Null(card.EvaluatedAt);
        Assert.Equal("USD", card.Currency);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("")]
    public void Currency_NotAnIso4217Code_IsRefusedNamingTheKey(string currency)
    {
        using var host = Host(currency);

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<CardOptions>>().Value);

        Assert.Contains("Trig:Cards:Currency", ex.Message, StringComparison.Ordinal);
    }
}
