namespace FlashSale.Runtime;

/// <summary>Identity of a grain: its registered type name plus its string key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
