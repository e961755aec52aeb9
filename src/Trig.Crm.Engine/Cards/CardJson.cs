using System.Text.Json;

namespace Trig.Crm.Engine.Cards;

/// <summary>The JSON settings of the card view: camelCase, nulls included (the cards rely on the keys).</summary>
public static class CardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
