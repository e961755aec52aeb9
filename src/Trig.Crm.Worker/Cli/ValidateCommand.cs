using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Metadata;

namespace Trig.Crm.Worker.Cli;

/// <summary><c>trig validate</c>: every problem as <c>file:line:col: message</c>; exit 1 on any error.</summary>
internal static class ValidateCommand
{
    public static int Run(IServiceProvider sp, string? path)
    {
        // Without --definitions, the folder the service would load (with its fallback to the sample lifecycle).
        path ??= sp.GetRequiredService<DefinitionCatalog>().Path;
        var result = DefinitionFolder.Load(path);
        foreach (var d in result.Diagnostics)
        {
            (d.IsWarning ? Console.Out : Console.Error).WriteLine(d.ToString());
        }

        if (result.Set is not { } set)
        {
            Console.Error.WriteLine($"{result.Errors.Count()} error(s): the set is refused");
            return 1;
        }

        Console.Out.WriteLine($"{set.All.Count()} definitions valid ({path}, version {set.Version})");
        // The CRM names that had to be shortened (HubSpot: 100 characters; Dataverse: 50).
        var shortened = MetadataProjector.Properties(set, withSummary: true)
            .SelectMany(p => new[] { ("hubspot", p.Name, MetadataNames.ToCrmName("trig_", p.Name, 100)), ("dynamics", p.Name, MetadataNames.ToCrmName("trig_", p.Name, 50)) })
            .Where(x => !x.Item3.Equals("trig_" + x.Name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (shortened.Count > 0)
        {
            Console.Out.WriteLine("Shortened CRM property names:");
            foreach (var (crm, name, crmName) in shortened)
            {
                Console.Out.WriteLine($"  {crm,-9} trig_{name} -> {crmName}");
            }
        }

        return 0;
    }
}
