namespace Trig.Crm.Lifecycle.Criteria;

/// <summary>Reads a condition's tokens in order; errors point at the token where reading stopped.</summary>
internal sealed class TokenReader(List<ConditionToken> tokens, int position, string text)
{
    private int _pos = position;

    public bool AtEnd => _pos >= tokens.Count;

    public int Remaining => tokens.Count - _pos;

    public ConditionToken Peek() => _pos < tokens.Count ? tokens[_pos] : new ConditionToken(string.Empty, text.Length, false);

    public ConditionToken PeekAt(int ahead) => _pos + ahead < tokens.Count ? tokens[_pos + ahead] : new ConditionToken(string.Empty, text.Length, false);

    public ConditionToken Next()
    {
        if (AtEnd)
        {
            throw new CriteriaSyntaxException("the condition ends too early", text.Length);
        }

        return tokens[_pos++];
    }

    public bool TryWord(string word)
    {
        if (!AtEnd && !tokens[_pos].Quoted && tokens[_pos].Text.Equals(word, StringComparison.OrdinalIgnoreCase))
        {
            _pos++;
            return true;
        }

        return false;
    }

    public void ExpectWord(string word)
    {
        if (!TryWord(word))
        {
            throw Error($"expected '{word}'");
        }
    }

    public CriteriaSyntaxException Error(string message) => new(message + (AtEnd ? "" : $", found '{Peek().Text}'"), Peek().Offset);
}
