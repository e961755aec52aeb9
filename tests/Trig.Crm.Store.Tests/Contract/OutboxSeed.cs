using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>Makes a fresh store hold organisation o1 with the definitions evaluated and committed: their actions sit in the outbox.</summary>
internal static class OutboxSeed
{
    public static async Task<IStoreUnderTest> WithCommittedActionsAsync(IStoreUnderTest t, string definitionsYaml)
    {
        var loaded = DefinitionLoader.Load([("d.yaml", definitionsYaml)]);
        var set = loaded.Set ?? throw new ArgumentException(string.Join("; ", loaded.Errors), nameof(definitionsYaml));
        await t.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue>())], default);
        var now = t.Clock.GetUtcNow();
        var runtime = await t.Store.SyncDefinitionsAsync(set, now, default);
        var result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, new Dictionary<(string, string), Benchmark>(), now), await t.Store.LoadUnitsAsync(null, null, default));
        await t.Store.CommitAsync(result, set, now, default);
        return t;
    }
}
