namespace Trig.Crm.Lifecycle.Criteria;

/// <summary>A comparison operator.</summary>
public enum CompareOp
{
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}
