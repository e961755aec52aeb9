using Trig.Crm.Testing;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Worker.Tests.Hosting;

/// <summary>
/// The cluster variants of deploy/ (parsed, as <see cref="DeployFilesTests"/> does: no Docker engine or cluster here):
/// compose runs two trig replicas on its PostgreSQL, Kubernetes a Deployment of two with a PodDisruptionBudget.
/// </summary>
public sealed class ClusterDeployFilesTests
{
    private static string Deploy(params string[] parts) => Path.Combine([RepoPaths.Root, "deploy", .. parts]);

    private static List<YamlMappingNode> Load(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        var stream = new YamlStream();
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        ((YamlMappingNode)service["environment"]).Children.ToDictionary(c => c.Key.ToString(), c => c.Value.ToString(), StringComparer.Ordinal);

    [Fact]
    public void ComposePostgres_RunsASecondTrigReplica_OnTheSamePostgres_OnItsOwnPort()
    {
        var services = (YamlMappingNode)Load(Deploy("compose.postgres.yaml"))[0]["services"];
        var first = (YamlMappingNode)services["trig"];
        var second = (YamlMappingNode)services["trig-2"];

        var extends = (YamlMappingNode)second["extends"];
        Assert.Equal(("compose.yaml", "trig"), (extends["file"].ToString(), extends["service"].ToString()));
        Assert.Equal(Environment(first), Environment(second));
        Assert.DoesNotContain(Environment(second).Keys, n => !DeployFilesTests.ConfigKeys.IsValid(n));
        Assert.Equal("postgres", Environment(second)["Trig__Store__Provider"]);
        var ports = ((YamlSequenceNode)second["ports"]).Children.Select(p => p.ToString()).ToList();
        Assert.Equal("!override", second["ports"].Tag.Value);
        Assert.DoesNotContain("5080:5080", ports);
        Assert.Contains("postgres", ((YamlMappingNode)second["depends_on"]).Children.Keys.Select(k => k.ToString()));
    }

    [Fact]
    public void KubernetesPostgres_IsADeploymentOfTwo_WithAPodDisruptionBudgetOverItsPods()
    {
        var documents = Load(Deploy("k8s", "trig-postgres.yaml"));
        var deployment = documents.Single(d => d["kind"].ToString() == "Deployment");
        var budget = documents.Single(d => d["kind"].ToString() == "PodDisruptionBudget");
        var spec = (YamlMappingNode)deployment["spec"];
        var labels = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)spec["template"])["metadata"])["labels"];

        Assert.Equal("2", spec["replicas"].ToString());
        Assert.False(spec.Children.ContainsKey("volumeClaimTemplates"));
        var selector = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)budget["spec"])["selector"])["matchLabels"];
        Assert.All(selector.Children, l => Assert.Equal(l.Value.ToString(), labels[l.Key].ToString()));
        Assert.Equal("1", ((YamlMappingNode)budget["spec"])["minAvailable"].ToString());
    }

    [Fact]
    public void KubernetesPostgres_ContainerRunsOnPostgres_WithRealKeysAndALockedDownSecurityContext()
    {
        var deployment = Load(Deploy("k8s", "trig-postgres.yaml")).Single(d => d["kind"].ToString() == "Deployment");
        var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"])["spec"];
        var container = ((YamlSequenceNode)pod["containers"]).Children.Cast<YamlMappingNode>().Single(c => c["name"].ToString() == "trig");
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().ToDictionary(e => e["name"].ToString(), e => e["value"].ToString(), StringComparer.Ordinal);
        var security = (YamlMappingNode)container["securityContext"];

        Assert.Equal("postgres", env["Trig__Store__Provider"]);
        Assert.DoesNotContain(env.Keys, n => !DeployFilesTests.ConfigKeys.IsValid(n));
        Assert.False(env.ContainsKey("Trig__Store__ConnectionString")); // the password lives in the secret
        Assert.Equal("true", security["readOnlyRootFilesystem"].ToString());
        Assert.Equal("false", security["allowPrivilegeEscalation"].ToString());
        Assert.NotEqual("latest", container["image"].ToString().Split(':').Last());
    }
}
