using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Trig.Crm.Engine.Options;
using Trig.Crm.Testing;
using Trig.Crm.Worker.Hosting;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Worker.Tests.Hosting;

/// <summary>
/// deploy/ cannot be built or run here (no Docker engine): these tests parse the files and check what the image and
/// manifests promise: every <c>Trig__…</c> variable is a key trig reads, a non-root user, a health check through
/// <c>trig health</c>, a pinned image tag and a locked-down Kubernetes security context.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static string Deploy(string file) => Path.Combine(RepoPaths.Root, "deploy", file);

    [Fact]
    public void ConfigKeys_FindsEveryOptionsSectionBoundUnderTrig()
    {
        var sections = ConfigKeys.Roots.Select(r => r.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var expected in (string[])["Trig", "Trig:HubSpot", "Trig:Dataverse", "Trig:Slack", "Trig:Smtp", "Trig:Webhooks", "Trig:Ingest", "Trig:Warehouse"])
        {
            Assert.Contains(expected, sections);
        }
    }

    [Theory]
    [InlineData("Trig__HubSpot__AccessToken")]
    [InlineData("Trig__Http__Urls")]
    [InlineData("trig__store__connectionstring")]
    [InlineData("Trig__Webhooks__Secrets__billing")]
    [InlineData("Trig__Warehouse__Sources__crm__Columns__0")]
    [InlineData("Trig__HubSpot__Mapping__companies__plan")]
    [InlineData("Trig__Slack__RequestTimeout")]
    public void ConfigKeys_AcceptsRealKeys(string key) => Assert.True(ConfigKeys.IsValid(key), key);

    [Theory]
    [InlineData("Trig__HubSpot__AccesToken")]   // typo
    [InlineData("Trig__HubSpot")]               // a section, not a value
    [InlineData("Trig__Http__Urls__Extra")]     // below a scalar
    [InlineData("Trig__Nope__Key")]             // no such section
    [InlineData("Trig__Webhooks__Secrets")]     // the dictionary itself
    [InlineData("HubSpot__AccessToken")]        // outside Trig
    public void ConfigKeys_RefusesMadeUpKeys(string key) => Assert.False(ConfigKeys.IsValid(key), key);

    [Fact]
    public void Compose_EveryTrigVariableIsARealConfigurationKey()
    {
        var names = ComposeEnvironment().Keys.Where(IsTrigVariable).ToList();

        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => !ConfigKeys.IsValid(n));
    }

    [Fact]
    public void Compose_PassesEveryProviderKeyFromAVariableListedInEnvExample()
    {
        var environment = ComposeEnvironment();
        string[] required =
        [
            "Trig__HubSpot__AccessToken", "Trig__HubSpot__ClientSecret", "Trig__HubSpot__PortalId",
            "Trig__Dataverse__Url", "Trig__Dataverse__TenantId", "Trig__Dataverse__ClientId", "Trig__Dataverse__ClientSecret",
            "Trig__Slack__BotToken",
            "Trig__Smtp__Host", "Trig__Smtp__Port", "Trig__Smtp__From", "Trig__Smtp__UserName", "Trig__Smtp__Password",
            "Trig__Webhooks__Secrets__default", "Trig__Admin__ApiKey", "Trig__Ingest__WriteKey",
        ];
        Assert.DoesNotContain(required, k => !environment.ContainsKey(k));

        var example = File.ReadAllLines(Deploy(".env.example"));
        foreach (var (name, value) in environment.Where(e => IsTrigVariable(e.Key)))
        {
            var variable = VariableReference().Match(value);
            Assert.True(variable.Success, $"{name} should come from a variable, not '{value}'");
            var at = Array.FindIndex(example, l => l.StartsWith(variable.Groups[1].Value + "=", StringComparison.Ordinal));
            Assert.True(at > 0, $"{variable.Groups[1].Value} ({name}) is not in deploy/.env.example");
            Assert.StartsWith("#", example[at - 1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ComposePostgres_PointsTrigAtItsPostgresService_WithRealKeysAndThePasswordFromEnvExample()
    {
        var root = (YamlMappingNode)Load(Deploy("compose.postgres.yaml"))[0];
        var services = (YamlMappingNode)root["services"];
        var environment = ((YamlMappingNode)((YamlMappingNode)services["trig"])["environment"]).Children
            .ToDictionary(c => c.Key.ToString(), c => c.Value.ToString(), StringComparer.Ordinal);

        Assert.True(services.Children.ContainsKey("postgres"));
        Assert.DoesNotContain(environment.Keys, n => !ConfigKeys.IsValid(n));
        Assert.Equal("postgres", environment["Trig__Store__Provider"]);
        Assert.StartsWith("Host=postgres;", environment["Trig__Store__ConnectionString"], StringComparison.Ordinal);
        Assert.Contains("${TRIG_POSTGRES_PASSWORD", environment["Trig__Store__ConnectionString"], StringComparison.Ordinal);
        Assert.Contains(File.ReadAllLines(Deploy(".env.example")), l => l.StartsWith("TRIG_POSTGRES_PASSWORD=", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_HealthCheckRunsTrigHealth()
    {
        var trig = ComposeService();
        var test = (YamlSequenceNode)((YamlMappingNode)trig["healthcheck"])["test"];

        Assert.Equal(["CMD", "trig", "health"], test.Children.Select(c => c.ToString()));
    }

    [Fact]
    public void Kubernetes_EveryTrigVariableIsARealConfigurationKey()
    {
        var names = ((YamlSequenceNode)KubernetesContainer()["env"]).Children
            .Select(e => ((YamlMappingNode)e)["name"].ToString())
            .Where(IsTrigVariable)
            .ToList();

        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => !ConfigKeys.IsValid(n));
    }

    [Fact]
    public void Kubernetes_PinnedImageWithResourcesAndALockedDownSecurityContext()
    {
        var container = KubernetesContainer();

        var image = container["image"].ToString();
        var colon = image.LastIndexOf(':');
        Assert.True(colon > 0 && !image[(colon + 1)..].Contains('/', StringComparison.Ordinal), $"image '{image}' has no tag");
        Assert.NotEqual("latest", image[(colon + 1)..]);
        Assert.Equal("IfNotPresent", container["imagePullPolicy"].ToString());

        var resources = (YamlMappingNode)container["resources"];
        foreach (var kind in (string[])["requests", "limits"])
        {
            var r = (YamlMappingNode)resources[kind];
            Assert.True(r.Children.ContainsKey("cpu") && r.Children.ContainsKey("memory"), $"resources.{kind} needs cpu and memory");
        }

        var security = (YamlMappingNode)container["securityContext"];
        Assert.Equal("true", security["runAsNonRoot"].ToString());
        Assert.Equal("1654", security["runAsUser"].ToString());
        Assert.Equal("true", security["readOnlyRootFilesystem"].ToString());
        Assert.Equal("false", security["allowPrivilegeEscalation"].ToString());
        var drop = (YamlSequenceNode)((YamlMappingNode)security["capabilities"])["drop"];
        Assert.Contains("ALL", drop.Children.Select(c => c.ToString()));

        // With a read-only root, the store's folder must be a writable volume.
        var data = ((YamlSequenceNode)container["volumeMounts"]).Children.Cast<YamlMappingNode>()
            .Single(m => m["mountPath"].ToString() == "/data");
        Assert.False(data.Children.TryGetValue("readOnly", out var ro) && ro.ToString() == "true", "/data must be writable");
    }

    [Fact]
    public void Dockerfile_RunsAsNonRootUser()
    {
        var users = DockerInstructions().Where(i => i.Instruction == "USER").ToList();

        Assert.NotEmpty(users);
        var user = users[^1].Arguments.Split(':')[0];
        Assert.DoesNotContain(user, (string[])["root", "0", ""]);
        Assert.Equal("$APP_UID", user); // the aspnet image's app user (UID 1654), the one k8s runs as
    }

    [Fact]
    public void Dockerfile_HealthCheckRunsTrigHealth()
    {
        var check = Assert.Single(DockerInstructions(), i => i.Instruction == "HEALTHCHECK").Arguments;

        Assert.Matches(@"CMD \[""trig"", ""health""", check);
        Assert.DoesNotMatch("curl|wget", check);
    }

    [Fact]
    public void Dockerfile_RestoresInItsOwnLayerBeforeCopyingTheSources()
    {
        var steps = DockerInstructions();
        var restore = steps.FindIndex(i => i.Instruction == "RUN" && i.Arguments.StartsWith("dotnet restore src/Trig.Crm.Worker", StringComparison.Ordinal));
        var copyAll = steps.FindIndex(i => i.Instruction == "COPY" && i.Arguments == ". .");
        var publish = steps.FindIndex(i => i.Instruction == "RUN" && i.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));

        Assert.True(restore > 0 && restore < copyAll && copyAll < publish, "restore, then COPY . ., then publish");
        Assert.Contains("--no-restore", steps[publish].Arguments, StringComparison.Ordinal);
        var copiedFirst = string.Join(' ', steps.Take(restore).Where(i => i.Instruction == "COPY").Select(i => i.Arguments));
        Assert.Contains("Directory.Packages.props", copiedFirst, StringComparison.Ordinal);
        Assert.Contains("src/Trig.Crm.Worker/packages.lock.json", copiedFirst, StringComparison.Ordinal);

        // Every project the worker references is restored from that first layer.
        var projects = Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/'));
        Assert.DoesNotContain(projects, p => !copiedFirst.Contains(p, StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_DataFolderOwnedByTheAppUser_AndEnvKeysReal()
    {
        var steps = DockerInstructions();
        var runtime = steps.FindLastIndex(i => i.Instruction == "FROM");
        Assert.Contains(steps.Skip(runtime), i => i.Instruction == "RUN" && i.Arguments.Contains("chown \"$APP_UID:$APP_UID\" /data", StringComparison.Ordinal));

        var keys = steps.Where(i => i.Instruction == "ENV").SelectMany(i => EnvName().Matches(i.Arguments)).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, k => !ConfigKeys.IsValid(k));
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputTestsAndDatabasesOutOfTheContext()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        foreach (var entry in (string[])["**/bin/", "**/obj/", "**/node_modules/", ".git", "**/*.db", "**/TestResults/", "crm-extensions/", "bench/", "tests/"])
        {
            Assert.Contains(entry, lines);
        }
    }

    private static bool IsTrigVariable(string name) => name.StartsWith("Trig__", StringComparison.OrdinalIgnoreCase);

    private static YamlMappingNode ComposeService()
    {
        var root = (YamlMappingNode)Load(Deploy("compose.yaml"))[0];
        return (YamlMappingNode)((YamlMappingNode)root["services"])["trig"];
    }

    private static Dictionary<string, string> ComposeEnvironment() => ComposeService()["environment"] switch
    {
        YamlMappingNode map => map.Children.ToDictionary(c => c.Key.ToString(), c => c.Value.ToString(), StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(c => c.ToString().Split('=', 2)).ToDictionary(p => p[0], p => p.ElementAtOrDefault(1) ?? "", StringComparer.Ordinal),
        var other => throw new InvalidOperationException("environment: " + other),
    };

    private static YamlMappingNode KubernetesContainer()
    {
        var set = Load(Deploy(Path.Combine("k8s", "trig.yaml"))).Cast<YamlMappingNode>().Single(d => d["kind"].ToString() == "StatefulSet");
        var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)set["spec"])["template"])["spec"];
        return ((YamlSequenceNode)pod["containers"]).Children.Cast<YamlMappingNode>().Single(c => c["name"].ToString() == "trig");
    }

    private static List<YamlNode> Load(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        var stream = new YamlStream();
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    /// <summary>Dockerfile instructions with continuation lines joined and comments dropped.</summary>
    private static List<(string Instruction, string Arguments)> DockerInstructions()
    {
        var result = new List<(string, string)>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(Deploy("Dockerfile")))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var whole = Regex.Replace(pending + line, @"\s+", " ").Trim();
            pending = "";
            if (whole.Length > 0)
            {
                var space = whole.IndexOf(' ', StringComparison.Ordinal);
                result.Add(space < 0 ? (whole.ToUpperInvariant(), "") : (whole[..space].ToUpperInvariant(), whole[(space + 1)..]));
            }
        }

        return result;
    }

    [GeneratedRegex(@"^\$\{([A-Z0-9_]+)(:?-[^}]*)?\}$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"\b(Trig__\w+)=")]
    private static partial Regex EnvName();

    /// <summary>
    /// The configuration keys trig reads: the options classes bound under <c>Trig</c>, found by reflection (TrigOptions at
    /// <c>Trig</c>, and every class of the Trig.Crm assemblies with a <c>Section</c>/<c>SectionName</c> constant under it).
    /// A key is real when each segment names a public property (settable, or a collection the binder fills), ending on a
    /// value; a dictionary takes any child segment, a list an index.
    /// </summary>
    internal static class ConfigKeys
    {
        public static readonly IReadOnlyList<(string Path, Type Type)> Roots = FindRoots();

        public static bool IsValid(string environmentName)
        {
            var segments = environmentName.Split("__");
            return Roots.Any(root =>
            {
                var prefix = root.Path.Split(':');
                return segments.Length > prefix.Length
                    && prefix.Select((p, i) => string.Equals(p, segments[i], StringComparison.OrdinalIgnoreCase)).All(x => x)
                    && Matches(root.Type, segments.AsSpan(prefix.Length));
            });
        }

        private static List<(string, Type)> FindRoots()
        {
            var assemblies = new[] { typeof(TrigHost).Assembly }
                .Concat(typeof(TrigHost).Assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Trig.Crm.", StringComparison.Ordinal)).Select(Assembly.Load))
                .Distinct();
            var roots = new List<(string, Type)> { ("Trig", typeof(TrigOptions)) };
            foreach (var type in assemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsClass))
            {
                var section = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                    .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name is "Section" or "SectionName")
                    .Select(f => (string)f.GetRawConstantValue()!)
                    .FirstOrDefault(s => s.StartsWith("Trig:", StringComparison.Ordinal));
                if (section is not null)
                {
                    roots.Add((section, type));
                }
            }

            return roots;
        }

        private static bool Matches(Type type, ReadOnlySpan<string> rest)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (IsScalar(type))
            {
                return rest.IsEmpty;
            }

            if (rest.IsEmpty)
            {
                return false;
            }

            if (DictionaryValue(type) is { } value)
            {
                return Matches(value, rest[1..]);
            }

            if (ListItem(type) is { } item)
            {
                return int.TryParse(rest[0], out var index) && index >= 0 && Matches(item, rest[1..]);
            }

            var name = rest[0];
            var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null || property.GetIndexParameters().Length > 0)
            {
                return false;
            }

            var settable = property.SetMethod is { IsPublic: true };
            var filledInPlace = property.GetMethod is { IsPublic: true } && !IsScalar(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
            return (settable || filledInPlace) && Matches(property.PropertyType, rest[1..]);
        }

        private static bool IsScalar(Type t) =>
            t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(Uri) || t == typeof(Guid);

        private static Type? DictionaryValue(Type t) =>
            Interfaces(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) && i.GetGenericArguments()[0] == typeof(string))
                ?.GetGenericArguments()[1];

        private static Type? ListItem(Type t) =>
            t.IsArray ? t.GetElementType()
            : Interfaces(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0] is { } item && typeof(IEnumerable).IsAssignableFrom(t)
                ? item
                : null;

        private static IEnumerable<Type> Interfaces(Type t) => t.IsInterface ? [t, .. t.GetInterfaces()] : t.GetInterfaces();
    }
}
