using CsCheck;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

/// <summary>The compact event column against a plain list of (name, time) pairs.</summary>
public sealed class EventLogTests
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // "never_logged" is never added: counting it must give 0 whatever else the log holds.
    private static readonly string[] Names = ["login", "project_created", "board_created", "never_logged"];

    private static readonly Gen<(int Name, int Minute)> Occurrence = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 60]);

    private static readonly Gen<(int Name, int From, int To)> Query = Gen.Select(Gen.Int[0, 3], Gen.Int[-5, 65], Gen.Int[-5, 65]);

    [Fact]
    public void CountsAndTimes_MatchAPlainList_WhateverTheOrderOfAdding()
    {
        Gen.Select(Occurrence.Array[0, 60], Query.Array[1, 20]).Sample((occurrences, queries) =>
        {
            var log = new EventLog();
            foreach (var (name, minute) in occurrences)
            {
                log.Add(Names[name], Origin.AddMinutes(minute));
            }

            Assert.Equal(occurrences.Length, log.Count);
            foreach (var (name, from, to) in queries)
            {
                var expected = occurrences.Count(o => o.Name == name && o.Minute >= from && o.Minute <= to);
                Assert.Equal(expected, log.CountBetween(Names[name], Origin.AddMinutes(from), Origin.AddMinutes(to)));
            }

            for (var name = 0; name < Names.Length; name++)
            {
                var expected = occurrences.Where(o => o.Name == name).Select(o => Origin.AddMinutes(o.Minute).UtcTicks).Order().ToArray();
                Assert.Equal(expected, log.Times(Names[name]));
            }
        });
    }

    [Fact]
    public void TrimExcess_KeepsExactlyHeadersAndTicks_AndTheLogStillCountsAndGrows()
    {
        Gen.Select(Occurrence.Array[0, 60], Occurrence).Sample((occurrences, extra) =>
        {
            var log = new EventLog();
            foreach (var (name, minute) in occurrences)
            {
                log.Add(Names[name], Origin.AddMinutes(minute));
            }

            log.TrimExcess();
            Assert.Equal(occurrences.Length + occurrences.Select(o => o.Name).Distinct().Count(), log.Capacity);
            for (var name = 0; name < Names.Length; name++)
            {
                Assert.Equal(occurrences.Count(o => o.Name == name), log.CountBetween(Names[name], Origin, Origin.AddMinutes(60)));
            }

            log.Add(Names[extra.Name], Origin.AddMinutes(extra.Minute));
            Assert.Equal(occurrences.Count(o => o.Name == extra.Name) + 1, log.CountBetween(Names[extra.Name], Origin, Origin.AddMinutes(60)));
        });
    }

    [Fact]
    public void CountBetween_ExcludesOtherNamesAndTimesOutsideTheBounds()
    {
        var log = new EventLog();
        log.Add("login", Origin.AddHours(2));
        log.Add("login", Origin);
        log.Add("project_created", Origin.AddHours(1));
        log.Add("login", Origin.AddHours(1));

        Assert.Equal(3, log.CountBetween("login", Origin, Origin.AddHours(2)));
        Assert.Equal(1, log.CountBetween("login", Origin.AddMinutes(1), Origin.AddHours(1)));
        Assert.Equal(1, log.CountBetween("project_created", Origin, Origin.AddHours(2)));
        Assert.Equal(0, log.CountBetween("login", Origin.AddHours(2), Origin));
        Assert.Equal(0, log.CountBetween("never_logged", Origin, Origin.AddHours(2)));
        Assert.Equal([Origin.UtcTicks, Origin.AddHours(1).UtcTicks, Origin.AddHours(2).UtcTicks], log.Times("login"));
    }
}
