using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>
/// Loads definition YAML files into a validated <see cref="DefinitionSet"/>. Every problem is reported as
/// <c>file:line:col: message</c>; a set with any error is refused (the caller keeps its last valid set).
/// The format is documented in docs/definitions.md.
/// </summary>
public static class DefinitionLoader
{
    private static readonly string[] Sections = ["schema", "behaviours", "behaviors", "cohorts", "stages", "jobs", "signals", "rollups"];
    private static readonly string[] CommonKeys = ["key", "name", "entity", "status", "description", "on_entry", "on_complete", "on_exit"];
    private static readonly string[] BehaviourKeys = [.. CommonKeys, "audience", "completion", "time_limit"];
    private static readonly string[] CohortKeys = ["key", "name", "entity", "status", "description", "criteria", "audience", "on_entry", "on_exit"];
    private static readonly string[] StageKeys = [.. CommonKeys, "audience", "complete_when", "exit", "objectives"];
    private static readonly string[] ObjectiveKeys = ["key", "name", "description", "audience", "completion", "time_limit", "on_entry", "on_complete", "on_exit"];
    private static readonly string[] JobKeys = [.. CommonKeys, "audience", "goal", "duration", "reentry", "follow_ups"];
    private static readonly string[] SignalKeys = ["key", "name", "entity", "status", "description", "type", "stage", "factor", "min_completions", "arr_attribute", "on_entry", "on_exit"];

    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file in a folder (sorted by name).</summary>
    public static LoadResult LoadFolder(string path)
    {
        if (File.Exists(path))
        {
            return Load([(path, File.ReadAllText(path))]);
        }

        if (!Directory.Exists(path))
        {
            return new LoadResult(null, [new Diagnostic(new SourceLocation(path, 1, 1), "definitions folder not found")]);
        }

        var files = Directory.EnumerateFiles(path, "*.y*ml", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(f)))
            .ToList();
        if (files.Count == 0)
        {
            return new LoadResult(null, [new Diagnostic(new SourceLocation(path, 1, 1), "no definition files (*.yaml) found")]);
        }

        return Load(files);
    }

    /// <summary>Loads definitions from (file name, content) pairs.</summary>
    public static LoadResult Load(IReadOnlyList<(string File, string Content)> files)
    {
        var ctx = new LoadContext();
        foreach (var (file, content) in files)
        {
            ctx.ReadFile(file, content);
        }

        return ctx.Finish(files);
    }

    private sealed class LoadContext
    {
        private readonly List<Diagnostic> _diagnostics = [];
        private readonly List<(YamlMappingNode Node, DefinitionKind Kind, string File, string Content)> _raw = [];
        private readonly List<(YamlMappingNode Node, string File)> _rollupNodes = [];
        private readonly Dictionary<string, ValueKind> _org = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ValueKind> _person = new(StringComparer.Ordinal);
        private readonly HashSet<string> _events = new(StringComparer.Ordinal);
        private string _file = "";

        private void Error(YamlNode? node, string message, int offset = 0) =>
            _diagnostics.Add(new Diagnostic(Loc(node, offset), message));

        private void Warn(YamlNode? node, string message) =>
            _diagnostics.Add(new Diagnostic(Loc(node, 0), message, IsWarning: true));

        private SourceLocation Loc(YamlNode? node, int offset)
        {
            if (node is null)
            {
                return new SourceLocation(_file, 1, 1);
            }

            var quote = node is YamlScalarNode { Style: ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted } ? 1 : 0;
            return new SourceLocation(_file, (int)node.Start.Line, (int)node.Start.Column + offset + quote);
        }

        public void ReadFile(string file, string content)
        {
            _file = file;
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(content));
            }
            catch (YamlException ex)
            {
                var msg = ex.InnerException?.Message ?? ex.Message;
                if (msg.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
                {
                    msg = "duplicate key";
                }

                _diagnostics.Add(new Diagnostic(new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column), $"invalid YAML: {msg}"));
                return;
            }
            catch (ArgumentException ex) when (ex.Message.Contains("same key", StringComparison.OrdinalIgnoreCase))
            {
                _diagnostics.Add(new Diagnostic(new SourceLocation(file, 1, 1), "duplicate key: " + ex.Message));
                return;
            }

            foreach (var doc in stream.Documents)
            {
                if (doc.RootNode is not YamlMappingNode root)
                {
                    if (doc.RootNode is YamlScalarNode { Value: null or "" })
                    {
                        continue;
                    }

                    Error(doc.RootNode, "a definitions file is a mapping of sections (behaviours, cohorts, stages, jobs, signals, rollups, schema)");
                    continue;
                }

                foreach (var (k, v) in root.Children)
                {
                    var section = ((YamlScalarNode)k).Value ?? "";
                    if (!Sections.Contains(section))
                    {
                        Error(k, $"unknown key '{section}' (expected one of: {string.Join(", ", Sections.Where(s => s != "behaviors"))})");
                        continue;
                    }

                    if (section == "schema")
                    {
                        ReadSchema(v);
                        continue;
                    }

                    if (v is YamlScalarNode { Value: null or "" })
                    {
                        continue;
                    }

                    if (v is not YamlSequenceNode seq)
                    {
                        Error(v, $"'{section}' must be a list");
                        continue;
                    }

                    foreach (var item in seq.Children)
                    {
                        if (item is not YamlMappingNode map)
                        {
                            Error(item, $"each entry of '{section}' must be a mapping with a key");
                            continue;
                        }

                        if (section == "rollups")
                        {
                            _rollupNodes.Add((map, file));
                            continue;
                        }

                        var kind = section switch
                        {
                            "behaviours" or "behaviors" => DefinitionKind.Behaviour,
                            "cohorts" => DefinitionKind.Cohort,
                            "stages" => DefinitionKind.Stage,
                            "jobs" => DefinitionKind.Job,
                            _ => DefinitionKind.Signal,
                        };
                        _raw.Add((map, kind, file, content));
                    }
                }
            }
        }

        private void ReadSchema(YamlNode node)
        {
            if (node is not YamlMappingNode map)
            {
                Error(node, "'schema' must be a mapping with organisation, person and events");
                return;
            }

            foreach (var (k, v) in map.Children)
            {
                var name = ((YamlScalarNode)k).Value;
                switch (name)
                {
                    case "organisation" or "organization" or "person":
                        if (v is not YamlMappingNode attrs)
                        {
                            Error(v, $"'{name}' must map attribute names to types");
                            break;
                        }

                        foreach (var (ak, av) in attrs.Children)
                        {
                            var typeText = (av as YamlScalarNode)?.Value ?? "";
                            ValueKind? t = typeText switch
                            {
                                "string" => ValueKind.String,
                                "number" => ValueKind.Number,
                                "bool" or "boolean" => ValueKind.Bool,
                                "datetime" or "date" => ValueKind.DateTime,
                                "list" => ValueKind.List,
                                _ => null,
                            };
                            if (t is null)
                            {
                                Error(av, $"unknown attribute type '{typeText}' (use string, number, bool, datetime or list)");
                                continue;
                            }

                            (name == "person" ? _person : _org)[((YamlScalarNode)ak).Value!] = t.Value;
                        }

                        break;
                    case "events":
                        if (v is not YamlSequenceNode evs)
                        {
                            Error(v, "'events' must be a list of event names");
                            break;
                        }

                        foreach (var e in evs.Children.OfType<YamlScalarNode>())
                        {
                            _events.Add(e.Value!);
                        }

                        break;
                    default:
                        Error(k, $"unknown key '{name}' in schema (expected organisation, person, events)");
                        break;
                }
            }
        }

        public LoadResult Finish(IReadOnlyList<(string File, string Content)> files)
        {
            var schema = new AttributeSchema(_org.ToImmutableDictionary(), _person.ToImmutableDictionary(), _events.ToImmutableHashSet());

            // Pass 1: keys and kinds, so criteria can refer to definitions declared anywhere.
            var keys = new Dictionary<string, (DefinitionKind Kind, EntityKind Entity, string? Stage, SourceLocation Loc)>(StringComparer.Ordinal);
            foreach (var (node, kind, file, _) in _raw)
            {
                _file = file;
                var entity = ReadEntity(node, kind);
                RegisterKey(node, kind, entity, null, keys);
                if (kind == DefinitionKind.Stage && Child(node, "objectives") is YamlSequenceNode objs)
                {
                    foreach (var o in objs.Children.OfType<YamlMappingNode>())
                    {
                        RegisterKey(o, DefinitionKind.Objective, entity, Scalar(node, "key"), keys);
                    }
                }
            }

            // Roll-ups are organisation attributes.
            var rollups = ImmutableArray.CreateBuilder<Rollup>();
            var orgAttrs = new Dictionary<string, ValueKind>(_org, StringComparer.Ordinal);
            foreach (var (node, file) in _rollupNodes)
            {
                _file = file;
                var key = Scalar(node, "key");
                if (key is not null)
                {
                    orgAttrs[key] = ValueKind.Number;
                }
            }

            schema = schema with { Organisation = orgAttrs.ToImmutableDictionary() };
            var resolver = new CriteriaChecker(this, schema, keys);

            foreach (var (node, file) in _rollupNodes)
            {
                _file = file;
                var r = ReadRollup(node, resolver);
                if (r is not null)
                {
                    rollups.Add(r);
                }
            }

            // Pass 2: full definitions.
            var defs = new List<Definition>();
            foreach (var (node, kind, file, content) in _raw)
            {
                _file = file;
                var d = ReadDefinition(node, kind, ReadEntity(node, kind), null, content, resolver);
                if (d is not null)
                {
                    defs.Add(d);
                }
            }

            var ordered = Order(defs, resolver);
            CheckJobLoops(defs);

            if (_diagnostics.Any(d => !d.IsWarning))
            {
                return new LoadResult(null, Sorted());
            }

            var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n\u0001", files.Select(f => f.Content)))))[..16];
            return new LoadResult(new DefinitionSet(ordered, rollups.ToImmutable(), schema, version), Sorted());
        }

        private List<Diagnostic> Sorted() =>
            [.. _diagnostics.OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column)];

        private void RegisterKey(YamlMappingNode node, DefinitionKind kind, EntityKind entity, string? stage, Dictionary<string, (DefinitionKind, EntityKind, string?, SourceLocation)> keys)
        {
            var keyNode = Child(node, "key");
            var key = (keyNode as YamlScalarNode)?.Value;
            if (string.IsNullOrEmpty(key))
            {
                return;
            }

            if (keys.TryGetValue(key, out var existing))
            {
                Error(keyNode, $"duplicate definition key '{key}' (first defined at {existing.Item4})");
                return;
            }

            keys[key] = (kind, entity, stage, Loc(keyNode, 0));
        }

        private EntityKind ReadEntity(YamlMappingNode node, DefinitionKind kind)
        {
            var e = Child(node, "entity") as YamlScalarNode;
            return e?.Value switch
            {
                null => kind == DefinitionKind.Job || kind == DefinitionKind.Behaviour || kind == DefinitionKind.Cohort ? EntityKind.Organisation : EntityKind.Organisation,
                "organisation" or "organization" or "org" => EntityKind.Organisation,
                "person" or "people" => EntityKind.Person,
                _ => EntityKind.Organisation,
            };
        }

        private Definition? ReadDefinition(YamlMappingNode node, DefinitionKind kind, EntityKind entity, string? stageKey, string content, CriteriaChecker checker)
        {
            var allowed = kind switch
            {
                DefinitionKind.Behaviour => BehaviourKeys,
                DefinitionKind.Cohort => CohortKeys,
                DefinitionKind.Stage => StageKeys,
                DefinitionKind.Objective => ObjectiveKeys,
                DefinitionKind.Job => JobKeys,
                _ => SignalKeys,
            };
            var kindName = kind.ToString().ToLowerInvariant();
            foreach (var (k, _) in node.Children)
            {
                var name = ((YamlScalarNode)k).Value!;
                if (!allowed.Contains(name))
                {
                    Error(k, $"unknown key '{name}' in {kindName} (allowed: {string.Join(", ", allowed)})");
                }
            }

            var keyNode = Child(node, "key") as YamlScalarNode;
            var key = keyNode?.Value;
            if (string.IsNullOrEmpty(key))
            {
                Error(node, $"a {kindName} needs a 'key'");
                return null;
            }

            if (!IsSnakeKey(key))
            {
                Error(keyNode, $"key '{key}' must be lower snake case (a-z, 0-9, _), starting with a letter");
            }

            if (Child(node, "entity") is YamlScalarNode en && en.Value is not ("organisation" or "organization" or "org" or "person" or "people"))
            {
                Error(en, $"unknown entity '{en.Value}' (use organisation or person)");
            }

            var paused = false;
            if (Child(node, "status") is YamlScalarNode st)
            {
                if (st.Value is "paused")
                {
                    paused = true;
                }
                else if (st.Value is not ("live" or "active"))
                {
                    Error(st, $"unknown status '{st.Value}' (use live or paused)");
                }
            }

            var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Slice(content, node))))[..12];
            var d = new Definition
            {
                Key = key,
                Name = Scalar(node, "name") ?? Humanize(key),
                Kind = kind,
                Entity = entity,
                Version = version,
                Paused = paused,
                StageKey = stageKey,
                Location = Loc(keyNode, 0),
                OnEntry = ReadActions(Child(node, "on_entry"), checker, entity),
                OnComplete = ReadActions(Child(node, "on_complete"), checker, entity),
                OnExit = ReadActions(Child(node, "on_exit"), checker, entity),
            };

            switch (kind)
            {
                case DefinitionKind.Behaviour:
                case DefinitionKind.Objective:
                    d = d with
                    {
                        Audience = checker.Criteria(Child(node, "audience"), entity, key, CriteriaRole.Audience),
                        Completion = checker.Criteria(Child(node, "completion"), entity, key, CriteriaRole.Completion),
                        TimeLimit = Duration(node, "time_limit"),
                    };
                    break;
                case DefinitionKind.Cohort:
                    var critNode = Child(node, "criteria") ?? Child(node, "audience");
                    if (critNode is null)
                    {
                        Error(node, $"cohort '{key}' needs 'criteria'");
                    }

                    d = d with { Audience = checker.Criteria(critNode, entity, key, CriteriaRole.Audience) };
                    break;
                case DefinitionKind.Stage:
                    d = d with
                    {
                        Audience = checker.Criteria(Child(node, "audience"), entity, key, CriteriaRole.Audience),
                        Completion = checker.Criteria(Child(node, "complete_when"), entity, key, CriteriaRole.Completion),
                    };
                    if (Child(node, "exit") is { } exitNode)
                    {
                        if (exitNode is YamlMappingNode exitMap)
                        {
                            foreach (var (k, _) in exitMap.Children)
                            {
                                if (((YamlScalarNode)k).Value is not ("after" or "when"))
                                {
                                    Error(k, $"unknown key '{((YamlScalarNode)k).Value}' in exit (allowed: after, when)");
                                }
                            }

                            d = d with
                            {
                                ExitAfter = Duration(exitMap, "after"),
                                ExitWhen = checker.Criteria(Child(exitMap, "when"), entity, key, CriteriaRole.Audience),
                            };
                        }
                        else
                        {
                            Error(exitNode, "'exit' must be a mapping with 'after' and/or 'when'");
                        }
                    }

                    var objectives = ImmutableArray.CreateBuilder<Definition>();
                    if (Child(node, "objectives") is YamlSequenceNode objs)
                    {
                        foreach (var o in objs.Children)
                        {
                            if (o is not YamlMappingNode om)
                            {
                                Error(o, "each objective must be a mapping with a key");
                                continue;
                            }

                            var od = ReadDefinition(om, DefinitionKind.Objective, entity, key, content, checker);
                            if (od is not null)
                            {
                                objectives.Add(od);
                            }
                        }
                    }
                    else if (Child(node, "objectives") is { } bad)
                    {
                        Error(bad, "'objectives' must be a list");
                    }

                    d = d with { Objectives = objectives.ToImmutable() };
                    break;
                case DefinitionKind.Job:
                    var goalNode = Child(node, "goal");
                    if (goalNode is null)
                    {
                        Error(keyNode, $"job '{key}' needs a 'goal'");
                    }

                    // Read once: an invalid value is one error, not one per use.
                    var reentry = Bool(node, "reentry");
                    d = d with
                    {
                        Audience = checker.Criteria(Child(node, "audience"), entity, key, CriteriaRole.Audience),
                        Completion = checker.Criteria(goalNode, entity, key, CriteriaRole.Completion),
                        Duration = Duration(node, "duration"),
                        Reentry = reentry ?? true,
                        FollowUps = ReadFollowUps(Child(node, "follow_ups"), checker, entity),
                    };
                    if (d.Duration is null)
                    {
                        Warn(keyNode, $"job '{key}' has no 'duration': entities that never reach the goal stay in it forever");
                    }

                    if (Child(node, "reentry") is null && !checker.Mentions(d.Audience, Metadata.MetadataNames.LastEntered(key)))
                    {
                        Warn(keyNode, $"job '{key}' allows re-entry: set 'reentry: false' or exclude 'last_entered_{key} has any value' in its audience");
                    }

                    break;
                case DefinitionKind.Signal:
                    var type = Scalar(node, "type") ?? "slow_completers";
                    if (type != "slow_completers")
                    {
                        Error(Child(node, "type"), $"unknown signal type '{type}' (supported: slow_completers)");
                    }

                    var stageNode = Child(node, "stage") as YamlScalarNode;
                    var stage = stageNode?.Value;
                    if (stage is null)
                    {
                        Error(keyNode, $"signal '{key}' needs a 'stage'");
                    }
                    else if (!checker.IsStage(stage))
                    {
                        Error(stageNode, $"unknown stage '{stage}'");
                    }

                    var arr = Child(node, "arr_attribute") as YamlScalarNode;
                    if (arr?.Value is { } arrName && schemaType(checker, arrName) is { } at && at != ValueKind.Number)
                    {
                        Error(arr, $"type mismatch: arr_attribute '{arrName}' is {at.ToString().ToLowerInvariant()}, expected number");
                    }
                    else if (arr?.Value is { } arrName2 && schemaType(checker, arrName2) is null)
                    {
                        Error(arr, $"unknown attribute '{arrName2}'");
                    }

                    d = d with
                    {
                        Entity = EntityKind.Organisation,
                        Signal = new SignalSettings(type, stage ?? "", Number(node, "factor") ?? 1.5, (int)(Number(node, "min_completions") ?? 10), arr?.Value),
                    };
                    break;
            }

            return d;

            static ValueKind? schemaType(CriteriaChecker c, string name) => c.Schema.TypeOf(EntityKind.Organisation, name);
        }

        private Rollup? ReadRollup(YamlMappingNode node, CriteriaChecker checker)
        {
            foreach (var (k, _) in node.Children)
            {
                var name = ((YamlScalarNode)k).Value!;
                if (name is not ("key" or "function" or "source" or "filter" or "description"))
                {
                    Error(k, $"unknown key '{name}' in rollup (allowed: key, function, source, filter)");
                }
            }

            var key = Scalar(node, "key");
            var fnNode = Child(node, "function") as YamlScalarNode;
            if (key is null || fnNode is null)
            {
                Error(node, "a rollup needs 'key' and 'function'");
                return null;
            }

            RollupFunction? fn = fnNode.Value switch
            {
                "sum" => RollupFunction.Sum,
                "count" => RollupFunction.Count,
                "avg" or "average" => RollupFunction.Avg,
                "min" => RollupFunction.Min,
                "max" => RollupFunction.Max,
                _ => null,
            };
            if (fn is null)
            {
                Error(fnNode, $"unknown rollup function '{fnNode.Value}' (use sum, count, avg, min or max)");
                return null;
            }

            var sourceNode = Child(node, "source") as YamlScalarNode;
            if (fn != RollupFunction.Count)
            {
                if (sourceNode?.Value is null)
                {
                    Error(fnNode, $"rollup '{key}' needs a 'source' attribute for {fnNode.Value}");
                }
                else if (checker.Schema.Person.TryGetValue(sourceNode.Value, out var t))
                {
                    if (t != ValueKind.Number)
                    {
                        Error(sourceNode, $"type mismatch: rollup source '{sourceNode.Value}' is {t.ToString().ToLowerInvariant()}, expected number");
                    }
                }
                else
                {
                    Error(sourceNode, $"unknown attribute '{sourceNode.Value}' (not a person attribute)");
                }
            }

            var filter = checker.Criteria(Child(node, "filter"), EntityKind.Person, key, CriteriaRole.Audience);
            return new Rollup(key, fn.Value, sourceNode?.Value, filter, Loc(node, 0));
        }

        private ImmutableArray<FollowUp> ReadFollowUps(YamlNode? node, CriteriaChecker checker, EntityKind entity)
        {
            if (node is null)
            {
                return [];
            }

            if (node is not YamlSequenceNode seq)
            {
                Error(node, "'follow_ups' must be a list of { after, actions }");
                return [];
            }

            var list = ImmutableArray.CreateBuilder<FollowUp>();
            foreach (var item in seq.Children)
            {
                if (item is not YamlMappingNode m)
                {
                    Error(item, "a follow-up must be a mapping with 'after' and 'actions'");
                    continue;
                }

                foreach (var (k, _) in m.Children)
                {
                    if (((YamlScalarNode)k).Value is not ("after" or "actions"))
                    {
                        Error(k, $"unknown key '{((YamlScalarNode)k).Value}' in follow-up (allowed: after, actions)");
                    }
                }

                var after = Duration(m, "after");
                if (after is null)
                {
                    if (Child(m, "after") is null)
                    {
                        Error(m, "a follow-up needs 'after'");
                    }

                    continue;
                }

                list.Add(new FollowUp(after.Value, ReadActions(Child(m, "actions"), checker, entity)));
            }

            return [.. list.OrderBy(f => f.After)];
        }

        private ImmutableArray<ActionSpec> ReadActions(YamlNode? node, CriteriaChecker checker, EntityKind entity)
        {
            if (node is null)
            {
                return [];
            }

            var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
            var list = ImmutableArray.CreateBuilder<ActionSpec>();
            foreach (var item in items)
            {
                if (item is not YamlMappingNode m || m.Children.Count != 1)
                {
                    Error(item, "an action is a mapping with one of: slack, webhook, email, update_attribute, route_to");
                    continue;
                }

                var (kn, body) = m.Children.First();
                var kind = ((YamlScalarNode)kn).Value;
                var fields = body as YamlMappingNode;
                string? F(string name) => fields is null ? null : Scalar(fields, name);
                void Allow(params string[] names)
                {
                    if (fields is null)
                    {
                        return;
                    }

                    foreach (var (fk, _) in fields.Children)
                    {
                        if (!names.Contains(((YamlScalarNode)fk).Value))
                        {
                            Error(fk, $"unknown key '{((YamlScalarNode)fk).Value}' in {kind} action (allowed: {string.Join(", ", names)})");
                        }
                    }
                }

                switch (kind)
                {
                    case "slack":
                        Allow("channel", "to", "text");
                        if (F("text") is not { } text || (F("channel") is null && F("to") is null))
                        {
                            Error(kn, "a slack action needs 'text' and a 'channel' or 'to: owner'");
                            continue;
                        }

                        if (F("to") is { } to && to != "owner")
                        {
                            Error(Child(fields!, "to"), $"unknown slack recipient '{to}' (use 'owner', or set 'channel')");
                        }

                        list.Add(new SlackAction(F("channel"), F("to"), text));
                        break;
                    case "webhook":
                        Allow("url", "secret", "attributes");
                        var url = F("url") ?? (body as YamlScalarNode)?.Value;
                        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != "https" && u.Scheme != "http"))
                        {
                            Error(body, "a webhook action needs an absolute http(s) 'url'");
                            continue;
                        }

                        var attrs = fields is not null && Child(fields, "attributes") is YamlSequenceNode an
                            ? an.Children.OfType<YamlScalarNode>().Select(s => s.Value!).ToList()
                            : [];
                        list.Add(new WebhookAction(url, F("secret"), attrs));
                        break;
                    case "email":
                        Allow("subject", "body", "to");
                        if (F("subject") is not { } subject || F("body") is not { } emailBody)
                        {
                            Error(kn, "an email action needs 'subject' and 'body'");
                            continue;
                        }

                        string? filterText = null;
                        if (fields is not null && Child(fields, "to") is { } toNode)
                        {
                            if (entity != EntityKind.Organisation)
                            {
                                Error(toNode, "'to' (a recipient filter) only applies to organisation-level emails");
                            }
                            else
                            {
                                checker.Criteria(toNode, EntityKind.Person, "email", CriteriaRole.Audience);
                                // Stored as one condition per line; the dispatcher parses it with ConditionParser.
                                filterText = toNode is YamlSequenceNode fs ? string.Join('\n', fs.Children.OfType<YamlScalarNode>().Select(x => x.Value)) : Slice(toNode);
                            }
                        }

                        list.Add(new EmailAction(subject, emailBody, filterText));
                        break;
                    case "update_attribute":
                        Allow("attribute", "value");
                        if (F("attribute") is not { } attr || fields is null || Child(fields, "value") is not YamlScalarNode valueNode)
                        {
                            Error(kn, "an update_attribute action needs 'attribute' and 'value'");
                            continue;
                        }

                        // A literal that cannot be the declared type would otherwise clear the attribute at run time.
                        if (checker.Schema.TypeOf(entity, attr) is { } declared && valueNode.Value is { } literal
                            && !literal.Contains('{', StringComparison.Ordinal) && !AttributeValue.TryParse(literal, declared, out _))
                        {
                            Error(valueNode, $"type mismatch: '{attr}' is {declared.ToString().ToLowerInvariant()}, value '{literal}' is not");
                            continue;
                        }

                        list.Add(new UpdateAttributeAction(attr, valueNode.Value ?? ""));
                        break;
                    case "route_to":
                        var job = (body as YamlScalarNode)?.Value ?? F("job");
                        if (job is null)
                        {
                            Error(body, "route_to needs a job key");
                            continue;
                        }

                        if (!checker.IsJob(job))
                        {
                            Error(body, $"route_to: unknown job '{job}'");
                        }
                        else if (checker.EntityOf(job) != entity)
                        {
                            // The evaluator can only route an entity into a job of its own kind.
                            Error(body, $"route_to: job '{job}' is {checker.EntityOf(job).ToString().ToLowerInvariant()}-level, this definition is {entity.ToString().ToLowerInvariant()}-level");
                        }

                        list.Add(new RouteToAction(job));
                        break;
                    default:
                        Error(kn, $"unknown action '{kind}' (use slack, webhook, email, update_attribute or route_to)");
                        break;
                }
            }

            return list.ToImmutable();
        }

        private ImmutableArray<Definition> Order(List<Definition> defs, CriteriaChecker checker)
        {
            // Each top-level definition depends on the definitions whose metadata its criteria (and its
            // objectives' criteria) read. Kahn's algorithm, stable in file order.
            var byKey = new Dictionary<string, Definition>(StringComparer.Ordinal);
            var owner = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var d in defs)
            {
                byKey.TryAdd(d.Key, d);
                owner[d.Key] = d.Key;
                foreach (var o in d.Objectives)
                {
                    owner[o.Key] = d.Key;
                }
            }

            var deps = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var d in byKey.Values)
            {
                var set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var c in CriteriaOf(d))
                {
                    foreach (var r in checker.Refs(c))
                    {
                        if (r is MetadataRef m && owner.TryGetValue(m.DefinitionKey, out var o) && o != d.Key && byKey[o].Entity == d.Entity)
                        {
                            set.Add(o);
                        }
                        else if (r is CurrentStageRef)
                        {
                            foreach (var s in byKey.Values.Where(x => x.Kind == DefinitionKind.Stage && x.Key != d.Key && x.Entity == d.Entity))
                            {
                                set.Add(s.Key);
                            }
                        }
                    }
                }

                if (d.Signal is { } sig && owner.TryGetValue(sig.StageKey, out var st))
                {
                    set.Add(st);
                }

                deps[d.Key] = set;
            }

            var result = ImmutableArray.CreateBuilder<Definition>();
            var done = new HashSet<string>(StringComparer.Ordinal);
            var remaining = byKey.Values.ToList();
            while (remaining.Count > 0)
            {
                var ready = remaining.FirstOrDefault(d => deps[d.Key].All(done.Contains));
                if (ready is null)
                {
                    var cycle = FindCycle(remaining.Select(r => r.Key).ToList(), deps);
                    var at = byKey[cycle[0]];
                    _file = at.Location.File;
                    _diagnostics.Add(new Diagnostic(at.Location, $"dependency cycle: {string.Join(" -> ", cycle)} -> {cycle[0]}"));
                    return [];
                }

                result.Add(ready);
                done.Add(ready.Key);
                remaining.Remove(ready);
            }

            return result.ToImmutable();
        }

        private static List<string> FindCycle(List<string> nodes, Dictionary<string, HashSet<string>> deps)
        {
            var remaining = nodes.ToHashSet(StringComparer.Ordinal);
            var path = new List<string>();
            var current = nodes[0];
            while (!path.Contains(current))
            {
                path.Add(current);
                current = deps[current].First(remaining.Contains);
            }

            return path[path.IndexOf(current)..];
        }

        private void CheckJobLoops(List<Definition> defs)
        {
            // A job routes to others on entry/complete/exit/follow-ups. A cycle of route_to between jobs (or a job
            // routing to itself) can move an entity round forever without new data: refuse it.
            var jobs = defs.Where(d => d.Kind == DefinitionKind.Job).ToDictionary(d => d.Key, StringComparer.Ordinal);
            var edges = jobs.Values.ToDictionary(
                j => j.Key,
                j => j.OnEntry.Concat(j.OnComplete).Concat(j.OnExit).Concat(j.FollowUps.SelectMany(f => f.Actions))
                    .OfType<RouteToAction>().Select(r => r.Job).Where(jobs.ContainsKey).Distinct().ToList(),
                StringComparer.Ordinal);
            var state = new Dictionary<string, int>(StringComparer.Ordinal);
            var stack = new List<string>();
            foreach (var j in jobs.Keys)
            {
                if (Visit(j))
                {
                    return;
                }
            }

            bool Visit(string k)
            {
                if (state.GetValueOrDefault(k) == 2)
                {
                    return false;
                }

                if (state.GetValueOrDefault(k) == 1)
                {
                    var cycle = stack[stack.IndexOf(k)..];
                    var at = jobs[cycle[0]];
                    _diagnostics.Add(new Diagnostic(at.Location, $"job can loop: route_to cycle {string.Join(" -> ", cycle)} -> {k}"));
                    return true;
                }

                state[k] = 1;
                stack.Add(k);
                foreach (var n in edges[k])
                {
                    if (Visit(n))
                    {
                        return true;
                    }
                }

                stack.RemoveAt(stack.Count - 1);
                state[k] = 2;
                return false;
            }
        }

        private static IEnumerable<Criterion> CriteriaOf(Definition d)
        {
            foreach (var c in new[] { d.Audience, d.Completion, d.ExitWhen })
            {
                if (c is not null)
                {
                    yield return c;
                }
            }

            foreach (var o in d.Objectives)
            {
                foreach (var c in CriteriaOf(o))
                {
                    yield return c;
                }
            }
        }

        private TimeSpan? Duration(YamlMappingNode node, string key)
        {
            if (Child(node, key) is not { } n)
            {
                return null;
            }

            if (n is YamlScalarNode s && s.Value is { } text && DurationParser.TryParse(text, out var span))
            {
                return span;
            }

            Error(n, $"bad duration '{(n as YamlScalarNode)?.Value}' for '{key}' (use e.g. 30m, 12h, 14d, 2w)");
            return null;
        }

        private bool? Bool(YamlMappingNode node, string key)
        {
            if (Child(node, key) is not YamlScalarNode s)
            {
                return null;
            }

            if (bool.TryParse(s.Value, out var b))
            {
                return b;
            }

            Error(s, $"type mismatch: '{key}' must be true or false");
            return null;
        }

        private double? Number(YamlMappingNode node, string key)
        {
            if (Child(node, key) is not YamlScalarNode s)
            {
                return null;
            }

            if (double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d > 0)
            {
                return d;
            }

            Error(s, $"type mismatch: '{key}' must be a positive number");
            return null;
        }

        private static YamlNode? Child(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

        private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

        private static bool IsSnakeKey(string key) =>
            key.Length > 0 && key[0] is >= 'a' and <= 'z' && key.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');

        private static string Humanize(string key) =>
            string.Join(' ', key.Split('_', StringSplitOptions.RemoveEmptyEntries).Select((w, i) => i == 0 ? char.ToUpperInvariant(w[0]) + w[1..] : w));

        private static string Slice(string content, YamlNode node)
        {
            var start = (int)Math.Min(node.Start.Index, content.Length);
            var end = (int)Math.Min(node.End.Index, content.Length);
            return end > start ? content[start..end] : node.ToString();
        }

        private static string Slice(YamlNode node) => node switch
        {
            YamlScalarNode s => s.Value ?? "",
            YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(Slice)) + "]",
            _ => node.ToString(),
        };

        /// <summary>Parses and checks criteria blocks against the schema and the definition keys.</summary>
        internal sealed class CriteriaChecker(LoadContext owner, AttributeSchema schema, Dictionary<string, (DefinitionKind Kind, EntityKind Entity, string? Stage, SourceLocation Loc)> keys)
        {
            public AttributeSchema Schema => schema;

            public bool IsStage(string key) => keys.TryGetValue(key, out var k) && k.Kind == DefinitionKind.Stage;

            public bool IsJob(string key) => keys.TryGetValue(key, out var k) && k.Kind == DefinitionKind.Job;

            public EntityKind EntityOf(string key) => keys[key].Entity;

            public bool Mentions(Criterion? c, string name) => c is not null && Refs(c).Any(r => r.Name == name || (r is MetadataRef m && Metadata.MetadataNames.LastEntered(m.DefinitionKey) == name && m.Field == Metadata.MetadataField.LastEntered));

            public IEnumerable<ValueRef> Refs(Criterion c) => c switch
            {
                AllOf a => a.Children.SelectMany(Refs),
                AnyOf a => a.Children.SelectMany(Refs),
                Compare x => [x.Left],
                InList x => [x.Left],
                Contains x => [x.Left],
                RelativeDate x => [x.Left],
                HasValue x => [x.Left],
                _ => [],
            };

            public Criterion? Criteria(YamlNode? node, EntityKind entity, string owner2, CriteriaRole role)
            {
                if (node is null)
                {
                    return null;
                }

                return Block(node, entity, role);
            }

            private Criterion? Block(YamlNode node, EntityKind entity, CriteriaRole role)
            {
                switch (node)
                {
                    case YamlScalarNode s:
                        return Condition(s, entity, role);
                    case YamlSequenceNode seq:
                        return new AllOf([.. seq.Children.Select(c => Block(c, entity, role)).OfType<Criterion>()], "all");
                    case YamlMappingNode m:
                        if (m.Children.Count != 1)
                        {
                            owner.Error(m, "a criteria block is 'all:' or 'any:' with a list of conditions");
                            return null;
                        }

                        var (k, v) = m.Children.First();
                        var word = ((YamlScalarNode)k).Value;
                        if (word is not ("all" or "any"))
                        {
                            owner.Error(k, $"unknown key '{word}' in criteria (use 'all' or 'any')");
                            return null;
                        }

                        var items = v is YamlSequenceNode list ? list.Children.ToList() : [v];
                        var children = items.Select(c => Block(c, entity, role)).OfType<Criterion>().ToImmutableArray();
                        return word == "all" ? new AllOf(children, "all") : new AnyOf(children, "any");
                    default:
                        return null;
                }
            }

            private Criterion? Condition(YamlScalarNode node, EntityKind entity, CriteriaRole role)
            {
                var text = node.Value ?? "";
                Criterion c;
                try
                {
                    c = ConditionParser.Parse(text);
                }
                catch (CriteriaSyntaxException ex)
                {
                    owner.Error(node, ex.Message, ex.Offset);
                    return null;
                }

                return Check(c, node, entity) ? c : null;
            }

            private bool Check(Criterion c, YamlScalarNode node, EntityKind entity)
            {
                var text = node.Value ?? "";
                if (c is Occurred occ)
                {
                    if (!schema.Events.Contains(occ.Event))
                    {
                        owner.Error(node, $"unknown event '{occ.Event}' (declare it under schema.events)");
                        return false;
                    }

                    return true;
                }

                var left = Refs(c).First();
                ValueKind? type;
                switch (left)
                {
                    case MetadataRef m:
                        if (!keys.TryGetValue(m.DefinitionKey, out var target))
                        {
                            if (schema.TypeOf(entity, m.Name) is { } declared)
                            {
                                // A declared attribute that merely looks like metadata.
                                type = declared;
                                break;
                            }

                            owner.Error(node, $"unknown definition '{m.DefinitionKey}' in '{m.Name}'");
                            return false;
                        }

                        if (target.Entity == EntityKind.Person && entity == EntityKind.Organisation)
                        {
                            owner.Error(node, $"'{m.Name}' is person-level metadata; an organisation criterion cannot read it (use a rollup)");
                            return false;
                        }

                        if (m.Field == Metadata.MetadataField.LastCompleted && target.Kind is DefinitionKind.Cohort or DefinitionKind.Signal)
                        {
                            owner.Error(node, $"a {target.Kind.ToString().ToLowerInvariant()} has no completion: '{m.Name}' is never set");
                            return false;
                        }

                        if (m.Field == Metadata.MetadataField.ObjectivesCompleted && target.Kind != DefinitionKind.Stage)
                        {
                            owner.Error(node, $"'{m.Name}': '{m.DefinitionKey}' is not a stage");
                            return false;
                        }

                        type = m.Field switch
                        {
                            Metadata.MetadataField.CurrentlyMemberOf => ValueKind.Bool,
                            Metadata.MetadataField.ObjectivesCompleted => ValueKind.Number,
                            _ => ValueKind.DateTime,
                        };
                        break;
                    case CurrentStageRef:
                        type = ValueKind.String;
                        break;
                    default:
                        type = schema.TypeOf(entity, left.Name) ?? Builtin(left.Name);
                        if (type is null)
                        {
                            owner.Error(node, $"unknown attribute '{left.Name}' for {entity.ToString().ToLowerInvariant()} (declare it under schema.{entity.ToString().ToLowerInvariant()})");
                            return false;
                        }

                        break;
                }

                var t = type.Value;
                var valueOffset = text.IndexOf(left.Name, StringComparison.Ordinal) + left.Name.Length;
                string? mismatch = c switch
                {
                    Compare cmp when !Compatible(t, cmp.Right, cmp.Op) => $"type mismatch: '{left.Name}' is {Name(t)}, compared with {Name(cmp.Right.Kind)} '{cmp.Right}'",
                    RelativeDate when t != ValueKind.DateTime => $"type mismatch: '{left.Name}' is {Name(t)}; relative dates need a datetime",
                    Contains when t is not (ValueKind.String or ValueKind.List) => $"type mismatch: 'contains' needs a string or list, '{left.Name}' is {Name(t)}",
                    InList il when t is ValueKind.Bool or ValueKind.DateTime => $"type mismatch: 'in' needs a string or number, '{left.Name}' is {Name(t)}",
                    InList il when t == ValueKind.Number && il.Values.Any(v => v.Kind != ValueKind.Number) => $"type mismatch: '{left.Name}' is number, the list has non-numbers",
                    _ => null,
                };
                if (mismatch is not null)
                {
                    owner.Error(node, mismatch, Math.Max(0, valueOffset + 1));
                    return false;
                }

                return true;
            }

            private static ValueKind? Builtin(string name) => name switch
            {
                "owner_email" => ValueKind.String,
                _ => null,
            };

            private static bool Compatible(ValueKind attr, AttributeValue literal, CompareOp op)
            {
                if (attr == literal.Kind)
                {
                    return attr != ValueKind.Bool || op is CompareOp.Eq or CompareOp.Ne;
                }

                return attr switch
                {
                    // Bare words that look like numbers/dates are fine as strings.
                    ValueKind.String or ValueKind.List => literal.Kind is ValueKind.Number or ValueKind.DateTime or ValueKind.Bool,
                    _ => false,
                };
            }

            private static string Name(ValueKind k) => k.ToString().ToLowerInvariant();
        }
    }
}
