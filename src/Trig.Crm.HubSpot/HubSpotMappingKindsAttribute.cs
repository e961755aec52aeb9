using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.HubSpot;

/// <summary>
/// Every entry of <see cref="HubSpotOptions.Mapping"/> names a known type. An attribute rather than an
/// <c>IValidateOptions</c> because it is a rule on one field; each bad entry is reported with its full key.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HubSpotMappingKindsAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not Dictionary<string, Dictionary<string, string>> mapping)
        {
            return ValidationResult.Success;
        }

        var bad = mapping
            .SelectMany(byType => byType.Value.Select(entry => (ObjectType: byType.Key, Property: entry.Key, Type: entry.Value)))
            .Where(entry => !HubSpotPropertyMap.TryParseKind(entry.Type, out _))
            .Select(entry => $"{HubSpotOptions.SectionName}:Mapping:{entry.ObjectType}:{entry.Property} must be string, number, bool, datetime or list (got '{entry.Type}').")
            .ToList();
        return bad.Count == 0 ? ValidationResult.Success : new ValidationResult(string.Join(" ", bad), validationContext.MemberName is { } member ? [member] : null);
    }
}
