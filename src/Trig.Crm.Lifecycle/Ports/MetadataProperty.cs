using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Ports;

/// <summary>
/// A metadata property the sink must provision. <paramref name="Name"/> is the unprefixed metadata name
/// (<c>currently_member_of_k</c>, <c>last_entered_k</c>, <c>current_stage</c>, <c>summary</c>); the sink adds
/// its prefix and shortens with <see cref="Metadata.MetadataNames.ToCrmName"/>.
/// </summary>
public sealed record MetadataProperty(EntityKind Kind, string Name, MetadataType Type, string Label);
