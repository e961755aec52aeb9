namespace Trig.Crm.Testing;

/// <summary>
/// A small lifecycle whose outcome depends only on CRM attributes (no clock-relative criteria), so a second run
/// with unchanged data must produce no transitions and no writes.
/// </summary>
internal static class FixtureLifecycle
{
    public const string Yaml = """
        schema:
          organisation:
            name: string
            domain: string
            lifecyclestage: string
            arr: number
          person:
            email: string
            firstname: string
        behaviours:
          - key: big_account
            name: Big account
            entity: organisation
            audience:
              - lifecyclestage in [customer, opportunity]
            completion: [ arr >= 10000 ]
        cohorts:
          - key: paying_customers
            name: Paying customers
            entity: organisation
            criteria: [ lifecyclestage = customer ]
          - key: reachable_contacts
            name: Reachable contacts
            entity: person
            criteria: [ email has any value ]
        """;

    /// <summary>Writes the definitions into <paramref name="dir"/>/lifecycle and returns that folder.</summary>
    public static string WriteTo(string dir)
    {
        var folder = Path.Combine(dir, "lifecycle");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "lifecycle.yaml"), Yaml);
        return folder;
    }
}
