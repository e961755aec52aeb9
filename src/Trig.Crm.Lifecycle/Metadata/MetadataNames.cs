using System.Security.Cryptography;
using System.Text;

namespace Trig.Crm.Lifecycle.Metadata;

/// <summary>The metadata names of LIFECYCLE.md, their FAQ aliases, and their CRM property names.</summary>
public static class MetadataNames
{
    public const string CurrentStage = "current_stage";
    public const string Summary = "summary";

    public static string CurrentlyMemberOf(string key) => "currently_member_of_" + key;

    public static string LastEntered(string key) => "last_entered_" + key;

    public static string LastCompleted(string key) => "last_completed_" + key;

    public static string LastExited(string key) => "last_exited_" + key;

    /// <summary>Stages also expose how many objectives an entity has completed in its current/last run.</summary>
    public static string ObjectivesCompleted(string key) => "objectives_completed_" + key;

    /// <summary>The metadata field a name refers to, with aliases resolved, or null for a plain attribute.</summary>
    public static (MetadataField Field, string Key)? Parse(string name)
    {
        foreach (var (prefix, field) in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
            {
                return (field, name[prefix.Length..]);
            }
        }

        return null;
    }

    private static readonly (string Prefix, MetadataField Field)[] Prefixes =
    [
        ("currently_member_of_", MetadataField.CurrentlyMemberOf),
        ("last_entered_", MetadataField.LastEntered),
        ("last_entry_to_", MetadataField.LastEntered),
        ("last_completed_", MetadataField.LastCompleted),
        ("last_completion_of_", MetadataField.LastCompleted),
        ("last_exited_", MetadataField.LastExited),
        ("last_exit_from_", MetadataField.LastExited),
        ("objectives_completed_", MetadataField.ObjectivesCompleted),
    ];

    /// <summary>
    /// The CRM property name: prefix + name, lower case. A name longer than <paramref name="maxLength"/> is cut and
    /// suffixed with <c>_</c> and the first 8 hex digits of the SHA-256 of the full name: stable across runs and
    /// machines, and collision-free in practice (distinct long names differ in the hash).
    /// </summary>
    public static string ToCrmName(string prefix, string name, int maxLength)
    {
        var full = (prefix + name).ToLowerInvariant();
        if (full.Length <= maxLength)
        {
            return full;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..8];
        return full[..(maxLength - 9)] + "_" + hash;
    }
}
