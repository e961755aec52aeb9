namespace Trig.Crm.Lifecycle.Criteria;

/// <summary>A token of a condition line; <see cref="Offset"/> is where it starts, for error positions.</summary>
internal readonly record struct ConditionToken(string Text, int Offset, bool Quoted);
