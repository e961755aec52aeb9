namespace Trig.Crm.Testing.Hostile;

/// <summary>
/// Definition files an attacker or a bad day could put in the definitions folder, each with the line:col and the
/// message its one error must give. They need a schema beside them (one naming <c>seats</c>) for nothing else to be wrong.
/// </summary>
internal static class HostileYaml
{
    /// <summary>The classic "billion laughs": a few hundred bytes that expand to 9^9 strings.</summary>
    public const string AliasBomb = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """;

    /// <summary>A schema the hostile files can sit beside.</summary>
    public const string Schema = "schema:\n  organisation:\n    seats: number\n";

    /// <summary>(file name, content, expected "line:col: message" of its single error).</summary>
    public static IReadOnlyList<(string Name, string Content, string Error)> Files { get; } =
    [
        ("deep.yaml", "behaviours: " + new string('[', 100_000) + new string(']', 100_000) + "\n", "1:76: invalid YAML: nesting deeper than 64 levels"),
        ("bomb.yaml", AliasBomb, "6:8: invalid YAML: more than 100000 nodes once aliases are expanded (an alias bomb?)"),
        ("overflow.yaml", "behaviours:\n  - key: big\n    completion: [ seats >= 1 ]\n    time_limit: 99999999999999d\n",
            "4:17: duration '99999999999999d' for 'time_limit' is out of range (at most 36500 days)"),
        ("unclosed.yaml", "behaviours: {a: 1", "2:1: invalid YAML: While parsing a flow mapping, did not find expected ',' or '}'."),
    ];
}
