using System.Text;
using System.Text.Json;
using Trig.Crm.HubSpot.Webhooks;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Tests.Webhooks;

public sealed class HubSpotWebhookParserTests
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""
        [
          {"eventId":100,"subscriptionId":5,"portalId":4242,"appId":7,"occurredAt":1772366400000,"subscriptionType":"company.propertyChange","attemptNumber":0,"objectId":501,"propertyName":"lifecyclestage","propertyValue":"customer","changeSource":"CRM"},
          {"eventId":101,"subscriptionId":6,"portalId":4242,"appId":7,"occurredAt":1772366401000,"subscriptionType":"contact.deletion","attemptNumber":1,"objectId":77,"changeSource":"CRM"},
          {"eventId":102,"subscriptionId":7,"portalId":4242,"appId":7,"occurredAt":1772366402000,"subscriptionType":"deal.creation","attemptNumber":0,"objectId":9,"changeSource":"CRM"},
          {"eventId":103,"subscriptionId":5,"portalId":4242,"appId":7,"occurredAt":1772366403000,"subscriptionType":"company.propertyChange","attemptNumber":0,"objectId":501,"propertyName":"name","propertyValue":"Acme","changeSource":"CRM"},
          {"subscriptionType":"contact.creation","objectId":1}
        ]
        """);

    [Fact]
    public void Parse_MapsEventsToRecordsAndDeletions()
    {
        var events = HubSpotWebhookParser.Parse(Payload);

        Assert.Equal([100L, 101, 102, 103], events.Select(e => e.EventId));
        var change = events[0];
        Assert.Equal(new CrmRecordRef(EntityKind.Organisation, "501"), change.Record);
        Assert.Equal(("lifecyclestage", "customer"), (change.PropertyName, change.PropertyValue));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1772366400000), change.OccurredAt);
        Assert.False(change.IsDeletion);
        Assert.Equal(new CrmRecordRef(EntityKind.Person, "77"), events[1].Record);
        Assert.True(events[1].IsDeletion);
        Assert.Equal(1, events[1].AttemptNumber);
        Assert.Null(events[2].Record);
    }

    [Fact]
    public void ToPullRequest_RefreshesEachTrackedRecordOnce()
    {
        var request = HubSpotWebhookParser.ToPullRequest(HubSpotWebhookParser.Parse(Payload));

        Assert.NotNull(request);
        Assert.Equal([new CrmRecordRef(EntityKind.Organisation, "501"), new CrmRecordRef(EntityKind.Person, "77")], request.Only);
    }

    [Fact]
    public void Parse_NotAnArray_Throws()
    {
        Assert.ThrowsAny<JsonException>(() => HubSpotWebhookParser.Parse(Encoding.UTF8.GetBytes("""{"eventId":1}""")));
    }
}
