using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Store;
using Trig.Crm.Store.Authoring;

namespace Trig.Crm.Engine.Authoring;

/// <summary>
/// Authoring of the definition set, shared by the admin API and the CLI. A change (apply, rollback, retire,
/// duplicate) is validated as a whole together with the provisioned files and the other authored entries; only a
/// valid set is ever stored, as one new set version with its audit row, and the catalog then reloads it. A
/// refused change stores nothing and leaves the set in force untouched.
/// </summary>
internal sealed class DefinitionAuthoring(DefinitionCatalog catalog, ITrigStore store, AuthoringPreviewBuilder previews, TimeProvider time)
{
    /// <summary>The name the applied text goes by in error messages.</summary>
    public const string DocumentFile = "document";

    // One change at a time in this process; PublishAsync's version check covers other processes.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The entries of the provisioned files by key.</summary>
    public Dictionary<string, ProvisionedEntry> Provisioned()
    {
        var result = new Dictionary<string, ProvisionedEntry>(StringComparer.Ordinal);
        foreach (var (file, content) in catalog.ProvisionedFiles())
        {
            foreach (var e in DefinitionDocument.Split(content) ?? [])
            {
                result.TryAdd(e.Key, new ProvisionedEntry(e, file));
            }
        }

        return result;
    }

    /// <summary>Applies a definitions document as a whole (like <c>kubectl apply</c>): its entries are created or replaced.</summary>
    public async Task<AuthoringResult> ApplyAsync(string text, string actor, bool dryRun, bool confirm, CancellationToken ct)
    {
        var entries = DefinitionDocument.Split(text);
        var change = new Change((entries ?? []).GroupBy(e => e.Key).Select(g => g.Last()).ToList(), [], (DocumentFile, text), "definitions.apply", dryRun, confirm);
        return await ChangeAsync(change, actor, entries is null, ct);
    }

    /// <summary>Puts an authored entry back to its text of set version <paramref name="version"/> (or retires it, if that version did).</summary>
    public async Task<AuthoringResult> RollbackAsync(string key, long version, string actor, bool dryRun, CancellationToken ct)
    {
        var target = (await store.HistoryAsync(key, ct)).FirstOrDefault(v => v.SetVersion == version);
        if (target is null)
        {
            return AuthoringResult.NotFound($"'{key}' has no version {version} (GET /api/admin/definitions/{key}/versions lists them)");
        }

        var change = target.Text is null
            ? new Change([], [key], null, "definitions.rollback", dryRun, Confirm: true)
            : new Change([new DocumentEntry(key, target.Section, target.Text)], [], (AuthoredFiles.FileOf(key), target.Text), "definitions.rollback", dryRun, Confirm: true);
        return await ChangeAsync(change, actor, false, ct);
    }

    /// <summary>Retires an authored entry. Refused (409) while other definitions depend on it.</summary>
    public async Task<AuthoringResult> RetireAsync(string key, string actor, bool dryRun, CancellationToken ct)
    {
        var result = await ChangeAsync(new Change([], [key], null, "definitions.retire", dryRun, Confirm: true), actor, false, ct);
        return result.Status == AuthoringStatus.Ok
            ? result with
            {
                Note = $"'{key}' is no longer evaluated. Its memberships and transitions stay in the store, and the CRM properties generated for it " +
                    $"(last_entered_{key}, currently_member_of_{key}, …) are kept in the CRM: delete them there if they are no longer wanted.",
            }
            : result;
    }

    /// <summary>Creates <paramref name="newKey"/> as an authored copy of a definition (authored or provisioned), the safe way to change criteria.</summary>
    public async Task<AuthoringResult> DuplicateAsync(string key, string newKey, string actor, bool dryRun, CancellationToken ct)
    {
        var authored = (await store.LoadAuthoredAsync(ct)).Entries.FirstOrDefault(e => e.Key == key);
        var source = authored is not null ? new DocumentEntry(authored.Key, authored.Section, authored.Text) : Provisioned().GetValueOrDefault(key)?.Entry;
        if (source is null || source.IsSchema)
        {
            return AuthoringResult.NotFound($"no definition '{key}' to duplicate");
        }

        var text = KeyRewrite.Rewrite(source, newKey);
        var change = new Change([new DocumentEntry(newKey, source.Section, text)], [], (DocumentFile, text), "definitions.duplicate", dryRun, Confirm: true);
        return await ChangeAsync(change, actor, false, ct);
    }

    private sealed record Change(IReadOnlyList<DocumentEntry> Put, IReadOnlyList<string> Retire, (string File, string Text)? Document, string Action, bool DryRun, bool Confirm);

    private async Task<AuthoringResult> ChangeAsync(Change change, string actor, bool unreadable, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await ChangeLockedAsync(change, actor, unreadable, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<AuthoringResult> ChangeLockedAsync(Change change, string actor, bool unreadable, CancellationToken ct)
    {
        var authored = await store.LoadAuthoredAsync(ct);
        var byKey = authored.Entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
        var provisioned = Provisioned();
        if (!unreadable && Refusal(change, byKey, provisioned) is { } refused)
        {
            return refused;
        }

        var touched = change.Put.Select(e => e.Key).Concat(change.Retire).ToHashSet(StringComparer.Ordinal);
        var others = authored.Entries.Where(e => !touched.Contains(e.Key)).ToList();

        // Validated at the document's own lines first: the errors an author sees point into what they sent.
        if (change.Document is { } doc)
        {
            var checkedDoc = catalog.LoadWith([.. AuthoredFiles.Of(others), doc]);
            if (!checkedDoc.IsValid || unreadable)
            {
                return AuthoringResult.Invalid(Errors(checkedDoc, unreadable));
            }

            if (change.Put.Count == 0)
            {
                return AuthoringResult.Invalid([new AuthoringError(doc.File, 1, 1, "the document declares no definitions, roll-ups or schema entries")]);
            }
        }

        var now = time.GetUtcNow();
        var next = others.Concat(change.Put.Select(e => new AuthoredEntry(e.Key, e.Section, e.Text, 0, now, actor))).ToList();
        var loaded = catalog.LoadWith(AuthoredFiles.Of(next));
        if (!loaded.IsValid)
        {
            return change.Retire.Count > 0 && change.Put.Count == 0
                ? AuthoringResult.Conflict($"'{string.Join(", ", change.Retire)}' is used by other definitions; change or retire them first") with
                {
                    Dependants = DependantFinder.Find(loaded.Errors, catalog.Current),
                    Errors = Errors(loaded, false),
                }
                : AuthoringResult.Invalid(Errors(loaded, false));
        }

        var edits = Edits(change, byKey);
        var unchanged = change.Put.Where(e => byKey.TryGetValue(e.Key, out var old) && old.Text == e.Text).Select(e => e.Key).ToList();
        var confirmation = await NeedsConfirmationAsync(change, byKey, ct);
        var preview = await previews.BuildAsync(loaded.Set!, [.. change.Put.Where(e => !e.IsSchema).Select(e => e.Key)], ct);
        var result = new AuthoringResult(AuthoringStatus.Ok)
        {
            SetVersion = authored.Version,
            DefinitionsVersion = loaded.Set!.Version,
            Changed = [.. edits.Select(e => e.Key)],
            Unchanged = unchanged,
            ConfirmationRequired = confirmation,
            Preview = preview,
        };
        if (change.DryRun || edits.Count == 0)
        {
            return result with { DefinitionsVersion = change.DryRun ? result.DefinitionsVersion : catalog.Current?.Version };
        }

        if (confirmation.Count > 0 && !change.Confirm)
        {
            return AuthoringResult.Conflict(
                $"the criteria of {string.Join(", ", confirmation)} change while they have members. Current members stay members; the new criteria " +
                "apply from the next evaluation (exits and completions follow the new criteria, nobody is re-entered). Send confirm=true to publish, " +
                "or duplicate the definition as a new one (POST /api/admin/definitions/{key}/duplicate?newKey=…).") with { ConfirmationRequired = confirmation, Preview = preview };
        }

        var summary = $"{change.Action.Replace("definitions.", "", StringComparison.Ordinal)} {string.Join(", ", edits.Select(e => e.Key))}";
        var version = await store.PublishAsync(new AuthoredChange(actor, now, change.Action, summary, edits), authored.Version, ct);
        if (version is null)
        {
            return AuthoringResult.Conflict("the authored definitions changed while this change was checked; nothing was stored, apply it again");
        }

        var set = await catalog.ReloadAsync(ct);
        return result with { Published = true, SetVersion = version.Value, DefinitionsVersion = set?.Version };
    }

    private static AuthoringResult? Refusal(Change change, Dictionary<string, AuthoredEntry> byKey, Dictionary<string, ProvisionedEntry> provisioned)
    {
        var managed = change.Put.Select(e => e.Key).Concat(change.Retire).Where(provisioned.ContainsKey).Distinct().ToList();
        if (managed.Count > 0)
        {
            return AuthoringResult.Conflict(
                $"{string.Join(", ", managed.Select(k => $"'{k}'"))} {(managed.Count == 1 ? "is" : "are")} managed in files ({string.Join(", ", managed.Select(k => provisioned[k].File).Distinct())}); " +
                "change it there, or duplicate it as a new authored definition");
        }

        var missing = change.Retire.Where(k => !byKey.ContainsKey(k)).ToList();
        return missing.Count > 0 ? AuthoringResult.NotFound($"no authored definition '{string.Join(", ", missing)}'") : null;
    }

    private static List<AuthoredEdit> Edits(Change change, Dictionary<string, AuthoredEntry> byKey)
    {
        var edits = new List<AuthoredEdit>();
        foreach (var e in change.Put)
        {
            var old = byKey.GetValueOrDefault(e.Key)?.Text;
            if (old != e.Text)
            {
                edits.Add(new AuthoredEdit(e.Key, e.Section, e.Text, TextDiff.Of(old ?? "", e.Text)));
            }
        }

        edits.AddRange(change.Retire.Select(k => new AuthoredEdit(k, byKey[k].Section, null, TextDiff.Of(byKey[k].Text, ""))));
        return edits;
    }

    private async Task<List<string>> NeedsConfirmationAsync(Change change, Dictionary<string, AuthoredEntry> byKey, CancellationToken ct)
    {
        var changed = change.Put.Where(e => !e.IsSchema && byKey.TryGetValue(e.Key, out var old) && old.Text != e.Text && CriteriaChange.Changes(old.Text, e.Text)).ToList();
        if (changed.Count == 0)
        {
            return [];
        }

        var active = (await store.MetricsAsync(ct)).Where(m => m.Active > 0).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        var current = catalog.Current;
        return [.. changed.Where(e => active.Contains(e.Key) || (current?.ByKey.GetValueOrDefault(e.Key)?.Objectives.Any(o => active.Contains(o.Key)) ?? false)).Select(e => e.Key)];
    }

    private static List<AuthoringError> Errors(LoadResult result, bool unreadable)
    {
        var errors = result.Errors.Select(e => new AuthoringError(e.Location.File, e.Location.Line, e.Location.Column, e.Message)).ToList();
        return errors.Count > 0 || !unreadable ? errors : [new AuthoringError(DocumentFile, 1, 1, "the document is not YAML in the definitions-file format")];
    }
}
