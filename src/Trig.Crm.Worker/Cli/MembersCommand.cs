using System.CommandLine;
using Trig.Crm.Engine.Insights;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Worker.Cli;

/// <summary>
/// <c>trig members KEY [--attributes a,b] [--page N] [--csv] [--json]</c>: the current members of a cohort (or any
/// definition) with the attributes picked; <c>--csv</c> writes all of them as CSV on stdout.
/// </summary>
internal static class MembersCommand
{
    public static Command Create(string[] configArgs)
    {
        var members = new Command("members", "current members of a cohort (or any definition) with the attributes you pick; --csv exports all");
        var key = new Argument<string>("key") { Description = "the definition key" };
        var attributes = new Option<string?>("--attributes") { Description = "comma-separated attributes to show (default: name, or email for people)" };
        var page = new Option<int>("--page") { Description = "page to show (default 1)", DefaultValueFactory = _ => 1 };
        var csv = new Option<bool>("--csv") { Description = "write every member as CSV on stdout" };
        var json = new Option<bool>("--json") { Description = "print the page as JSON on stdout" };
        members.Arguments.Add(key);
        foreach (var o in new Option[] { attributes, page, csv, json })
        {
            members.Options.Add(o);
        }

        members.SetAction(async (pr, ct) => await TrigCommandLine.Guard(configArgs, async sp =>
        {
            var service = sp.GetRequiredService<CohortMembers>();
            var names = pr.GetValue(attributes)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (pr.GetValue(csv))
            {
                await service.WriteCsvAsync(pr.GetValue(key)!, names, Console.Out, ct);
                return 0;
            }

            var result = await service.PageAsync(pr.GetValue(key)!, names, pr.GetValue(page), ct);
            if (pr.GetValue(json))
            {
                CliOutput.WriteJson(result);
                return 0;
            }

            var pages = Math.Max(1, (result.Total + result.PageSize - 1) / result.PageSize);
            Console.Out.WriteLine($"{pr.GetValue(key)}: {result.Total} member(s), page {result.Page} of {pages}");
            foreach (var m in result.Rows)
            {
                var values = string.Join("  ", m.Attributes.Select(a => $"{a.Key}={a.Value ?? "-"}"));
                Console.Out.WriteLine($"  {m.Id,-16} since {AttributeValue.FormatDateTime(m.EnteredAt)}  {values}");
            }

            return 0;
        }));
        return members;
    }
}
