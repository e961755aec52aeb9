using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Admin;

/// <summary>
/// Admin sign-in with Entra ID access tokens (<c>Trig:Admin:Oidc</c>): the JwtBearer handler reads a WireMock-served
/// discovery document and JWKS on loopback; a valid token of an allowed user is accepted and audited as that user;
/// expired, wrong-audience, unsigned, foreign-signed and not-allowed tokens get 401 and change nothing.
/// </summary>
public sealed class AdminOidcTests : IAsyncLifetime
{
    private const string Audience = "api://trig-admin";
    private const string ClientId = "11111111-2222-3333-4444-555555555555";
    private const string ApiKey = "admin-key-0123456789abcdef";

    private const string Schema = """
        schema:
          organisation:
            name: string
            arr: number
        """;

    private const string Cohort = """
        cohorts:
          - key: big_accounts
            criteria: [ arr >= 10000 ]
        """;

    // Before the real date on purpose: a token valid only on the injected clock proves the handler reads that clock.
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly TempStore _store = new("oidc");
    private readonly FakeEntraId _entra = new();
    private TrigWebHost _host = null!;

    public async Task InitializeAsync()
    {
        var definitions = Path.Combine(_store.Directory, "lifecycle");
        Directory.CreateDirectory(definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "base.yaml"), Schema);
        _host = await TrigWebHost.StartAsync(
            [
                _store.Arg, $"--Trig:Definitions:Path={definitions}", $"--Trig:Admin:ApiKey={ApiKey}",
                $"--Trig:Admin:Oidc:Authority={_entra.Authority}", $"--Trig:Admin:Oidc:ClientId={ClientId}", $"--Trig:Admin:Oidc:Audience={Audience}",
                "--Trig:Admin:Oidc:AllowedUsers=ada@contoso.example", "--Trig:Admin:Oidc:AllowedRoles=Trig.Admin", "--Trig:Admin:Oidc:RequireHttpsMetadata=false",
            ],
            Now);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _entra.Dispose();
        _store.Dispose();
    }

    private static Dictionary<string, object> User(string name, string oid = "oid-ada") => new() { ["preferred_username"] = name, ["oid"] = oid, ["name"] = "Ada" };

    private async Task<(HttpStatusCode Status, string Body)> ApplyAsync(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/definitions/apply") { Content = new StringContent(Cohort, Encoding.UTF8, "application/yaml") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonArray> AuditAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/audit");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    [Fact]
    public async Task AValidTokenOfAnAllowedUser_IsAccepted_AndAuditedAsThatUser()
    {
        var token = _entra.Token(Now.AddMinutes(-5), TimeSpan.FromHours(1), Audience, User("ada@contoso.example"));

        var (status, body) = await ApplyAsync(token);

        Assert.True(status == HttpStatusCode.OK, body);
        var row = Assert.Single(await AuditAsync());
        Assert.Equal("oidc:ada@contoso.example", row!["actor"]!.GetValue<string>());
        Assert.Equal("definitions.apply", row["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAllowedRole_AdmitsAUserNotListed_AndTheClientIdIsAnAcceptedAudience()
    {
        var claims = new Dictionary<string, object> { ["upn"] = "bob@contoso.example", ["oid"] = "oid-bob", ["roles"] = new[] { "Reader", "Trig.Admin" } };
        var token = _entra.Token(Now, TimeSpan.FromHours(1), ClientId, claims);

        var (status, body) = await ApplyAsync(token);

        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal("oidc:bob@contoso.example", (await AuditAsync()).Single()!["actor"]!.GetValue<string>());
    }

    public static TheoryData<string> Refused => ["expired", "not yet valid", "wrong audience", "unsigned", "foreign key", "not allowed", "garbage"];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task AnInvalidOrNotAllowedToken_Gets401_AndChangesNothing(string kind)
    {
        var ada = User("ada@contoso.example");
        var token = kind switch
        {
            "expired" => _entra.Token(Now.AddHours(-2), TimeSpan.FromHours(1), Audience, ada), // expired an hour ago, beyond the 5-minute skew
            "not yet valid" => _entra.Token(Now.AddHours(1), TimeSpan.FromHours(1), Audience, ada),
            "wrong audience" => _entra.Token(Now, TimeSpan.FromHours(1), "api://someone-else", ada),
            "unsigned" => _entra.Unsigned(Now, TimeSpan.FromHours(1), Audience, ada),
            "foreign key" => _entra.Token(Now, TimeSpan.FromHours(1), Audience, ada, foreignKey: true),
            "not allowed" => _entra.Token(Now, TimeSpan.FromHours(1), Audience, User("eve@contoso.example", "oid-eve")),
            _ => "not-a-jwt",
        };

        var (status, body) = await ApplyAsync(token);

        Assert.True(status == HttpStatusCode.Unauthorized, $"{kind}: {(int)status} {body}");
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task TheAdminKey_StillWorks_BesideOidc()
    {
        var (status, body) = await ApplyAsync(ApiKey);

        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal("api-key", (await AuditAsync()).Single()!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task ThePageConfig_OffersTheOidcSignIn()
    {
        var config = JsonNode.Parse(await _host.Client.GetStringAsync("/admin/config.json"))!["oidc"]!;

        Assert.Equal(_entra.Authority, config["authority"]!.GetValue<string>());
        Assert.Equal(ClientId, config["clientId"]!.GetValue<string>());
        Assert.Equal($"{Audience}/.default", config["scope"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("--Trig:Admin:Oidc:ClientId=c", "AllowedUsers, AllowedRoles or AllowedGroups")] // every tenant user an admin: refused
    [InlineData("--Trig:Admin:Oidc:AllowedUsers=ada@contoso.example", "ClientId is required")]
    public async Task AnIncompleteOidcSection_FailsAtStart(string extra, string expected)
    {
        using var store = new TempStore("oidc-bad");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TrigWebHost.StartAsync(
            [store.Arg, "--Trig:Admin:Oidc:Authority=https://login.example/tenant/v2.0", "--Trig:Admin:Oidc:Audience=api://x", extra], Now));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
