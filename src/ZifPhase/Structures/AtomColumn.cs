namespace ZifPhase.Structures;

/// <summary>Kinds of per-atom data, as in the extended XYZ <c>Properties</c> key (S, R, I, L).</summary>
public enum AtomColumnKind
{
    /// <summary>Floating-point values (extxyz R), stored as double.</summary>
    Real,
    /// <summary>Integer values (extxyz I), stored as long.</summary>
    Integer,
    /// <summary>Text values (extxyz S), stored as string.</summary>
    String,
    /// <summary>Logical values (extxyz L, written T/F), stored as bool.</summary>
    Logical,
}

/// <summary>
/// One named per-atom property with 1 or more components (forces have 3), stored flat, atom-major:
/// value of atom i, component k at index i * Components + k.
/// </summary>
public abstract class AtomColumn
{
    /// <summary>Name of the property as in the file (case-sensitive), e.g. "forces".</summary>
    public string Name { get; }
    /// <summary>Values per atom (1 for a scalar, 3 for a vector such as forces); at least 1.</summary>
    public int Components { get; }
    /// <summary>The extxyz type of the values (R, I, S or L).</summary>
    public abstract AtomColumnKind Kind { get; }
    /// <summary>Number of atoms the column holds values for.</summary>
    public abstract int AtomCount { get; }

    /// <summary>Sets the name and the number of components per atom.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="components"/> is below 1.</exception>
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

/// <summary>A per-atom column of values of type <typeparamref name="T"/>: double, long, string or bool.</summary>
public sealed class AtomColumn<T> : AtomColumn
{
    /// <summary>
    /// The values, flat and atom-major: AtomCount × Components, component k of atom i at i * Components + k.
    /// </summary>
    public T[] Values { get; }
    /// <summary>Real, Integer, String or Logical, from <typeparamref name="T"/>.</summary>
    public override AtomColumnKind Kind { get; }
    /// <summary>Values.Length / Components.</summary>
    public override int AtomCount => Values.Length / Components;

    /// <summary>
    /// A column over <paramref name="values"/> (atom-major, <paramref name="components"/> per atom), not copied.
    /// </summary>
    /// <exception cref="ArgumentException">The length of <paramref name="values"/> is not a multiple of <paramref name="components"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not double, long, string or bool.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="components"/> is below 1.</exception>
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

    /// <summary>Component <paramref name="component"/> (0-based) of atom <paramref name="atom"/> (0-based).</summary>
    public T this[int atom, int component = 0] => Values[atom * Components + component];

    /// <summary>A new column with the values of the given atoms, in that order (values copied).</summary>
    public override AtomColumn Select(ReadOnlySpan<int> atoms)
    {
        var v = new T[atoms.Length * Components];
        for (int i = 0; i < atoms.Length; i++)
            Array.Copy(Values, atoms[i] * Components, v, i * Components, Components);
        return new AtomColumn<T>(Name, v, Components);
    }

    /// <summary>
    /// Text of one value as extxyz writes it: round-trip exact for reals, T/F for logicals, "_" for an empty string.
    /// </summary>
    public override string Format(int atom, int component) => this[atom, component] switch
    {
        double d => NumberText.Format(d),
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "T" : "F",
        string s => s.Length == 0 ? "_" : s,
        _ => "",
    };
}
