using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Engine.Cards;

/// <summary>Options of the cards (<c>Trig:Cards</c>).</summary>
public sealed class CardOptions
{
    public const string Section = "Trig:Cards";

    /// <summary>ISO 4217 code the cards show money in (ARR, ARR at risk). Default <c>USD</c>.</summary>
    [Required(ErrorMessage = "Trig:Cards:Currency must be an ISO 4217 code of three capital letters, such as USD or EUR.")]
    [RegularExpression("^[A-Z]{3}$", ErrorMessage = "Trig:Cards:Currency must be an ISO 4217 code of three capital letters, such as USD or EUR.")]
    public string Currency { get; set; } = "USD";
}
