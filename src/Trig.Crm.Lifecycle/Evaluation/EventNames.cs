using System.Collections.Concurrent;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// Event names interned to small integer ids for the whole process, so that an <see cref="EventLog"/> holds an id per
/// run of events instead of a string reference per event, and a compiled criterion counts by comparing integers.
/// The table only grows; it holds each distinct event name the process has seen once (a schema declares a few dozen,
/// and a store observes at most as many as it holds).
/// </summary>
internal static class EventNames
{
    private static readonly ConcurrentDictionary<string, int> Ids = new(StringComparer.Ordinal);
    private static readonly List<string> Names = [];
    private static readonly Lock Gate = new();

    /// <summary>The id of <paramref name="name"/>, given one on first sight.</summary>
    public static int Intern(string name)
    {
        if (Ids.TryGetValue(name, out var id))
        {
            return id;
        }

        lock (Gate)
        {
            if (!Ids.TryGetValue(name, out id))
            {
                id = Names.Count;
                Names.Add(name);
                Ids[name] = id;
            }

            return id;
        }
    }

    /// <summary>The id of <paramref name="name"/>, or -1 when no event of that name was ever recorded.</summary>
    public static int Find(string name) => Ids.TryGetValue(name, out var id) ? id : -1;
}
