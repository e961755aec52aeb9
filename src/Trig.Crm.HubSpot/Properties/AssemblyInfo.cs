using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Trig.Crm.HubSpot.Tests")]
[assembly: InternalsVisibleTo("Trig.Crm.HubSpot.Bench")]
