namespace ZifPhase.Structures;

/// <summary>Kinds of per-atom data, as in the extended XYZ <c>Properties</c> key (S, R, I, L).</summary>
public enum AtomColumnKind
{
    Real,
    Integer,
    String,
    Logical,
}

/// <summary>
/// One named per-atom property with 1 or more components (forces have 3), stored flat, atom-major:
/// value of atom i, component k at index i * Components + k.
/// </summary>
public abstract class AtomColumn
{
    public string Name { get; }
    public int Components { get; }
    public abstract AtomColumnKind Kind { get; }
    public abstract int AtomCount { get; }

    protected AtomColumn(string name, int components)
    {
        if (components < 1) throw new ArgumentOutOfRangeException(nameof(components));
        Name = name;
        Components = components;
    }

    /// <summary>The same column restricted to the given atoms, in that order.</summary>
    public abstract AtomColumn Select(ReadOnlySpan<int> atoms);

    /// <summary>Text of one component of one atom, round-trip exact for reals.</summary>
    public abstract string Format(int atom, int component);
}

public sealed class AtomColumn<T> : AtomColumn
{
    public T[] Values { get; }
    public override AtomColumnKind Kind { get; }
    public override int AtomCount => Values.Length / Components;

    public AtomColumn(string name, T[] values, int components = 1) : base(name, components)
    {
        if (values.Length % components != 0) throw new ArgumentException("values length is not a multiple of components");
        Values = values;
        Kind = typeof(T) == typeof(double) ? AtomColumnKind.Real
            : typeof(T) == typeof(long) ? AtomColumnKind.Integer
            : typeof(T) == typeof(string) ? AtomColumnKind.String
            : typeof(T) == typeof(bool) ? AtomColumnKind.Logical
            : throw new NotSupportedException($"per-atom columns hold double, long, string or bool, not {typeof(T).Name}");
    }

    public T this[int atom, int component = 0] => Values[atom * Components + component];

    public override AtomColumn Select(ReadOnlySpan<int> atoms)
    {
        var v = new T[atoms.Length * Components];
        for (int i = 0; i < atoms.Length; i++)
            Array.Copy(Values, atoms[i] * Components, v, i * Components, Components);
        return new AtomColumn<T>(Name, v, Components);
    }

    public override string Format(int atom, int component) => this[atom, component] switch
    {
        double d => NumberText.Format(d),
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "T" : "F",
        string s => s.Length == 0 ? "_" : s,
        _ => "",
    };
}
