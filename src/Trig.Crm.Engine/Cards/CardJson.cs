using System.Text.Json;

using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Engine.Definitions;
namespace Trig.Crm.Engine.Cards;

/// <summary>The JSON settings of the card view: camelCase, nulls included (the cards rely on the keys).</summary>
public static class CardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
