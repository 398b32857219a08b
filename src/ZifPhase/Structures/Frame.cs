namespace ZifPhase.Structures;

/// <summary>
/// One configuration: positions (Å), one element per atom, the cell, the MD step and time (ps), optional
/// per-atom columns (forces, charges, ids, labels...) and free key=value info. Readers yield frames lazily.
/// </summary>
public sealed class Frame
{
    /// <summary>Atom positions, Cartesian, in Å; one per atom, in file order.</summary>
    public Vec3[] Positions { get; }
    /// <summary>Element of each atom, same length and order as <see cref="Positions"/>.</summary>
    public Element[] Elements { get; }
    /// <summary>The simulation cell (<see cref="Structures.Cell.None"/> when the file has none).</summary>
    public Cell Cell { get; }
    /// <summary>MD timestep number from the file (LAMMPS TIMESTEP), 0 when the file has none.</summary>
    public long Step { get; init; }
    /// <summary>Simulation time in ps, when the file states it.</summary>
    public double? Time { get; init; }
    /// <summary>Extra per-atom data keyed by name (case-sensitive), in file order.</summary>
    public IReadOnlyList<AtomColumn> Columns { get; init; } = [];
    /// <summary>Frame-level key=value pairs (extxyz comment line, CIF data block name...).</summary>
    public IReadOnlyDictionary<string, string> Info { get; init; } = new Dictionary<string, string>();
    /// <summary>Where the frame came from, for error messages and provenance.</summary>
    public string? Source { get; init; }
    /// <summary>0-based index of the frame in its file.</summary>
    public int Index { get; init; }

    /// <summary>A frame over the given arrays (not copied).</summary>
    /// <exception cref="ArgumentException"><paramref name="positions"/> and <paramref name="elements"/> differ in length.</exception>
    public Frame(Vec3[] positions, Element[] elements, Cell cell)
    {
        if (positions.Length != elements.Length)
            throw new ArgumentException($"{positions.Length} positions but {elements.Length} elements");
        Positions = positions;
        Elements = elements;
        Cell = cell;
    }

    /// <summary>Number of atoms.</summary>
    public int AtomCount => Positions.Length;

    /// <summary>The per-atom column with exactly this name (case-sensitive), or null when the frame has none.</summary>
    public AtomColumn? Column(string name)
    {
        foreach (var c in Columns)
            if (c.Name == name) return c;
        return null;
    }

    /// <summary>Indices of atoms of one element, ascending.</summary>
    public int[] IndicesOf(Element element)
    {
        int n = 0;
        foreach (var e in Elements) if (e == element) n++;
        var idx = new int[n];
        n = 0;
        for (int i = 0; i < Elements.Length; i++) if (Elements[i] == element) idx[n++] = i;
        return idx;
    }

    /// <summary>Element → count, ordered by atomic number.</summary>
    public SortedDictionary<string, int> Composition()
    {
        var counts = new Dictionary<Element, int>();
        foreach (var e in Elements) counts[e] = counts.GetValueOrDefault(e) + 1;
        var sorted = new SortedDictionary<string, int>(Comparer<string>.Create((x, y) =>
            Element.FromSymbol(x).Z.CompareTo(Element.FromSymbol(y).Z)));
        foreach (var (e, n) in counts) sorted[e.Symbol] = n;
        return sorted;
    }

    /// <summary>Sum of the atomic masses in g/mol (Da), from <see cref="Element.Mass"/>.</summary>
    public double TotalMass()
    {
        double m = 0;
        foreach (var e in Elements) m += e.Mass;
        return m;
    }

    /// <summary>A copy with the given per-atom columns added (replacing columns of the same name).</summary>
    public Frame WithColumns(IEnumerable<AtomColumn> extra)
    {
        var list = new List<AtomColumn>(Columns);
        foreach (var c in extra)
        {
            if (c.AtomCount != AtomCount) throw new ArgumentException($"column '{c.Name}' has {c.AtomCount} atoms, frame has {AtomCount}");
            list.RemoveAll(x => x.Name == c.Name);
            list.Add(c);
        }
        return new Frame(Positions, Elements, Cell) { Step = Step, Time = Time, Columns = list, Info = Info, Source = Source, Index = Index };
    }

    /// <summary>The n_a × n_b × n_c supercell; atoms of image (i, j, k) follow those of earlier images, image-major.</summary>
    /// <exception cref="InputException">The frame has no cell (a file without lattice vectors), naming its source and index.</exception>
    public Frame Replicate(int na, int nb, int nc)
    {
        if (na < 1 || nb < 1 || nc < 1) throw new ArgumentOutOfRangeException(nameof(na), "replication counts must be ≥ 1");
        if (!Cell.HasLattice) throw new InputException(Source, Index, null, "cannot replicate a frame without a cell");
        int n = AtomCount, images = na * nb * nc;
        var pos = new Vec3[n * images];
        var el = new Element[n * images];
        int o = 0;
        for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
        for (int k = 0; k < nc; k++)
        {
            var t = Cell.Translation(i, j, k);
            for (int a = 0; a < n; a++)
            {
                pos[o] = Positions[a] + t;
                el[o] = Elements[a];
                o++;
            }
        }
        var cell = new Cell(Cell.A * na, Cell.B * nb, Cell.C * nc, Cell.Origin, Cell.PeriodicA, Cell.PeriodicB, Cell.PeriodicC);
        return new Frame(pos, el, cell) { Step = Step, Time = Time, Source = Source, Index = Index };
    }
}
