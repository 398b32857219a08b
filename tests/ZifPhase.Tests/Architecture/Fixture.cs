namespace ZifPhase.Tests.Architecture.Fixture;

// Small types whose uses LayerTests checks TypeDependencies against: each "Low" uses High in one way only.
internal sealed class High
{
    public static int Count() => 3;
}

internal sealed class LowViaLambda
{
    public Func<object> Make() => () => new High();
}

internal sealed class LowViaGenericField
{
    public List<High> Items { get; } = [];
}

internal sealed class LowViaStaticCall
{
    public int Twice() => 2 * High.Count();
}

internal sealed class Unrelated
{
    public int Value => 1;
}
