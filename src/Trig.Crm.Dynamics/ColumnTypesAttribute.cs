using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Dynamics;

/// <summary>
/// Every entry of <see cref="DataverseOptions.ColumnTypes"/> names a known type. An attribute rather than an
/// <c>IValidateOptions</c> because it is a rule on one field; each bad entry is reported with its full key.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ColumnTypesAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not Dictionary<string, string> columnTypes)
        {
            return ValidationResult.Success;
        }

        var bad = columnTypes
            .Where(entry => !ColumnKind.TryParse(entry.Value, out _))
            .Select(entry => $"{DataverseOptions.SectionName}:ColumnTypes:{entry.Key} must be string, number, bool, datetime, list or label (got '{entry.Value}').")
            .ToList();
        return bad.Count == 0 ? ValidationResult.Success : new ValidationResult(string.Join(" ", bad), validationContext.MemberName is { } member ? [member] : null);
    }
}
