using Trig.Crm.Testing;
using System.Net.Http.Headers;
using System.Text;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// The web host configured as a deployment would be (a CRM provider, the HubSpot client secret, an admin key, an
/// ingest write key), for the access, body-limit and hostile-input tests.
/// </summary>
internal static class HardenedHost
{
    public const string AdminKey = "hardened-admin-key-0123456789";
    public const string WriteKey = "hardened-write-key";
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static Task<TrigWebHost> StartAsync(TempStore store, string provider, bool kestrel = false) =>
        TrigWebHost.StartAsync([.. ProviderArgs(provider), .. CommonArgs(store)], Now, kestrel);

    public static AuthenticationHeaderValue AdminBearer => new("Bearer", AdminKey);

    public static AuthenticationHeaderValue WriteKeyBasic => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));

    private static string[] CommonArgs(TempStore store) =>
    [
        store.Arg,
        $"--Trig:Definitions:Path={FixtureLifecycle.WriteTo(store.Directory)}",
        $"--Trig:HubSpot:ClientSecret={HubSpotSigning.Secret}",
        "--Trig:HubSpot:PortalId=7654321",
        "--Trig:Admin:HubSpotUsers=admin@vendor.example",
        $"--Trig:Admin:ApiKey={AdminKey}",
        $"--Trig:Ingest:WriteKey={WriteKey}",
    ];

    private static string[] ProviderArgs(string provider) => provider switch
    {
        "hubspot" =>
        [
            "--Trig:Crm:Provider=hubspot",
            "--Trig:HubSpot:AccessToken=pat-unused",
            "--Trig:HubSpot:BaseUrl=http://127.0.0.1:9",
            "--Trig:HubSpot:CompanyProperties=name,lifecyclestage,arr:annualrevenue",
            "--Trig:HubSpot:ContactProperties=email,firstname",
        ],
        "dynamics" =>
        [
            "--Trig:Crm:Provider=dynamics",
            "--Trig:Dataverse:Url=http://127.0.0.1:9/org",
            "--Trig:Dataverse:AuthorityHost=http://127.0.0.1:9/auth",
            "--Trig:Dataverse:TenantId=00000000-0000-0000-0000-000000000001",
            "--Trig:Dataverse:ClientId=00000000-0000-0000-0000-000000000002",
            "--Trig:Dataverse:ClientSecret=unused",
            "--Trig:Dataverse:AccountColumns=name,revenue",
            "--Trig:Dataverse:ContactColumns=fullname,emailaddress1",
        ],
        _ => ["--Trig:Crm:Provider=local"],
    };
}
