using Trig.Crm.Engine.Cycle;

namespace Trig.Crm.Engine.Cluster;

/// <summary>What this node did to the shards of one cycle: shard counts for the report, and its metadata pushes.</summary>
internal sealed class ShardWork
{
    public int Shards { get; private set; }

    public int Entities { get; private set; }

    public int ActionsQueued { get; private set; }

    public SortedDictionary<string, SortedDictionary<string, int>> Transitions { get; } = new(StringComparer.Ordinal);

    public int Provisioned { get; private set; }

    public int Written { get; private set; }

    public int Failed { get; private set; }

    public int Requests { get; private set; }

    public bool Pushed { get; private set; }

    public List<string> Notes { get; } = [];

    public void AddShard(int entities, int actionsQueued, IReadOnlyDictionary<string, SortedDictionary<string, int>> transitions)
    {
        Shards++;
        Entities += entities;
        ActionsQueued += actionsQueued;
        Merge(Transitions, transitions);
    }

    public void AddPush(PushOutcome p)
    {
        Pushed = true;
        Provisioned += p.Provisioned;
        Written += p.Written;
        Failed += p.Failed;
        Requests += p.Requests;
        Notes.AddRange(p.Notes.Where(n => !Notes.Contains(n, StringComparer.Ordinal)));
    }

    public void Add(ShardWork other)
    {
        Shards += other.Shards;
        Entities += other.Entities;
        ActionsQueued += other.ActionsQueued;
        Merge(Transitions, other.Transitions);
        Pushed |= other.Pushed;
        Provisioned += other.Provisioned;
        Written += other.Written;
        Failed += other.Failed;
        Requests += other.Requests;
        Notes.AddRange(other.Notes.Where(n => !Notes.Contains(n, StringComparer.Ordinal)));
    }

    public PushOutcome? Push => Pushed ? new PushOutcome(Provisioned, Written, Failed, Requests, Notes, new HashSet<(Lifecycle.Model.EntityKind, string)>()) : null;

    public static void Merge(SortedDictionary<string, SortedDictionary<string, int>> into, IReadOnlyDictionary<string, SortedDictionary<string, int>> from)
    {
        foreach (var (key, byKind) in from)
        {
            if (!into.TryGetValue(key, out var mine))
            {
                into[key] = mine = new SortedDictionary<string, int>(StringComparer.Ordinal);
            }

            foreach (var (kind, n) in byKind)
            {
                mine[kind] = mine.GetValueOrDefault(kind) + n;
            }
        }
    }
}
