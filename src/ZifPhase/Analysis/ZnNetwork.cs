using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Analysis;

/// <summary>How <see cref="ZnNetwork.Build"/> decides that two Zn are bonded.</summary>
public enum NetworkBondRule
{
    /// <summary>Imidazolate bridges when the frame holds N and C, otherwise the Zn–Zn distance.</summary>
    Auto,
    /// <summary>Two Zn bonded to different N atoms of one ligand (connected N/C component).</summary>
    Bridge,
    /// <summary>Zn–Zn distance ≤ <see cref="NetworkOptions.ZnZnCutoff"/> (frames with only Zn).</summary>
    Distance,
}

/// <summary>Settings of the bonded Zn–Zn network (SPEC §5). Distances in Å.</summary>
public sealed record NetworkOptions
{
    /// <summary>The default settings.</summary>
    public static NetworkOptions Default { get; } = new();

    /// <summary>How bonds are decided; <see cref="NetworkBondRule.Auto"/> picks one from the frame's elements.</summary>
    public NetworkBondRule Rule { get; init; } = NetworkBondRule.Auto;

    /// <summary>A Zn is bonded to an N within this distance.</summary>
    public double ZnNCutoff { get; init; } = 2.5;

    /// <summary>
    /// N–C and C–C bonds within a ligand. Measured on the shipped crystals: ring bonds are 1.31–1.38 Å in the
    /// DFT and cp-II structures and 1.1–1.23 Å in the distorted hPT-II refinement; N/C of different ligands are
    /// ≥ 2.9 Å apart. Non-bonded pairs inside one ring (1.77–2.2 Å) are harmless: they join atoms of the same
    /// ligand. 1.8 Å sits in the gap with room for stretched bonds in hot MD; any value from 1.25 to 2.8 Å gives
    /// the same network on every shipped crystal.
    /// </summary>
    public double LigandBondCutoff { get; init; } = 1.8;

    /// <summary>Zn–Zn distance that stands in for the bridge when only Zn are present.</summary>
    public double ZnZnCutoff { get; init; } = 6.5;
}

/// <summary>
/// One bond of the network between Zn number <see cref="I"/> and Zn number <see cref="J"/> (indices into
/// <see cref="ZnNetwork.ZnAtoms"/>): the bonded image of J seen from I is r_J + T(<see cref="Shift"/>).
/// </summary>
public readonly record struct ZnEdge(int I, int J, ImageShift Shift);

/// <summary>
/// The bonded Zn–Zn network of one frame as a periodic graph (a quotient graph: vertices are the Zn of the
/// cell, each edge carries the lattice translation of its far end), so the infinite net is known exactly and
/// one Zn pair bonded through two images gives two edges.
/// <para>
/// Bridge rule (default when N and C are present): ligands are the connected components of N and C atoms
/// bonded at ≤ <see cref="NetworkOptions.LigandBondCutoff"/> (H is ignored); each ligand atom gets the image
/// shift that places it in one connected copy of its ligand. A Zn bonded (≤ <see cref="NetworkOptions.ZnNCutoff"/>)
/// to an N image belongs to that ligand copy; two Zn bonded to different N atoms of the same ligand copy are
/// bonded, with the shift that brings the ligand copies together. A Zn bound to two N of one ligand does not
/// bond to itself. Distance rule: Zn–Zn ≤ <see cref="NetworkOptions.ZnZnCutoff"/>, every image.
/// </para>
/// </summary>
public sealed class ZnNetwork
{
    /// <summary>Atom index of each network vertex, ascending.</summary>
    public int[] ZnAtoms { get; }
    /// <summary>Each bond once: I &lt; J, or I == J with a shift that is lexicographically positive.</summary>
    public ZnEdge[] Edges { get; }
    /// <summary>CSR adjacency over vertices: row v holds every bond in both directions.</summary>
    public int[] Offsets { get; }
    /// <summary>CSR neighbour vertices: row v is Neighbors[Offsets[v]..Offsets[v + 1]].</summary>
    public int[] Neighbors { get; }
    /// <summary>CSR image shifts, parallel to <see cref="Neighbors"/>: the translation that brings each neighbour next to v.</summary>
    public ImageShift[] Shifts { get; }
    /// <summary>The rule that was applied (never <see cref="NetworkBondRule.Auto"/>).</summary>
    public NetworkBondRule Rule { get; }
    /// <summary>The frame's cell.</summary>
    public Cell Cell { get; }
    /// <summary>Zn positions as stored in the frame (not wrapped), one per vertex.</summary>
    public Vec3[] Positions { get; }
    /// <summary>Ligands that close on themselves through a lattice translation (an infinite N/C chain); 0 for a sane structure.</summary>
    public int PeriodicLigands { get; }

    private ZnNetwork(int[] znAtoms, Vec3[] positions, Cell cell, ZnEdge[] edges, NetworkBondRule rule, int periodicLigands)
    {
        ZnAtoms = znAtoms;
        Positions = positions;
        Cell = cell;
        Edges = edges;
        Rule = rule;
        PeriodicLigands = periodicLigands;
        int n = znAtoms.Length;
        var degree = new int[n];
        foreach (var e in edges)
        {
            degree[e.I]++;
            degree[e.J]++;
        }
        Offsets = new int[n + 1];
        for (int v = 0; v < n; v++) Offsets[v + 1] = Offsets[v] + degree[v];
        Neighbors = new int[Offsets[n]];
        Shifts = new ImageShift[Offsets[n]];
        var fill = (int[])Offsets.Clone();
        foreach (var e in edges)
        {
            Neighbors[fill[e.I]] = e.J;
            Shifts[fill[e.I]++] = e.Shift;
            Neighbors[fill[e.J]] = e.I;
            Shifts[fill[e.J]++] = -e.Shift;
        }
        for (int v = 0; v < n; v++)
        {
            // Sort each row by (neighbour, shift) so traversals are deterministic.
            var rowN = Neighbors.AsSpan(Offsets[v], degree[v]);
            var rowS = Shifts.AsSpan(Offsets[v], degree[v]);
            var keys = new (int, int, int, int)[degree[v]];
            for (int k = 0; k < keys.Length; k++) keys[k] = (rowN[k], rowS[k].A, rowS[k].B, rowS[k].C);
            Array.Sort(keys);
            for (int k = 0; k < keys.Length; k++)
            {
                rowN[k] = keys[k].Item1;
                rowS[k] = new ImageShift(keys[k].Item2, keys[k].Item3, keys[k].Item4);
            }
        }
    }

    /// <summary>Number of vertices (Zn atoms).</summary>
    public int Count => ZnAtoms.Length;
    /// <summary>Number of bonds (each counted once).</summary>
    public int EdgeCount => Edges.Length;

    /// <summary>Number of bond entries in row <paramref name="v"/> of the adjacency.</summary>
    public int Degree(int v) => Offsets[v + 1] - Offsets[v];
    /// <summary>Neighbour vertices of <paramref name="v"/>.</summary>
    public ReadOnlySpan<int> NeighborsOf(int v) => Neighbors.AsSpan(Offsets[v], Degree(v));
    /// <summary>Image shifts of the neighbours of <paramref name="v"/>, parallel to <see cref="NeighborsOf"/>.</summary>
    public ReadOnlySpan<ImageShift> ShiftsOf(int v) => Shifts.AsSpan(Offsets[v], Degree(v));

    /// <summary>Degree → number of Zn with that degree, ascending by degree.</summary>
    public SortedDictionary<int, int> DegreeHistogram
    {
        get
        {
            var h = new SortedDictionary<int, int>();
            for (int v = 0; v < Count; v++) h[Degree(v)] = h.GetValueOrDefault(Degree(v)) + 1;
            return h;
        }
    }

    /// <summary>Position of the image of vertex v displaced by lattice shift s: r_v + T(s).</summary>
    public Vec3 ImagePosition(int v, ImageShift s) => Positions[v] + Cell.Translation(s.A, s.B, s.C);

    /// <summary>
    /// Coordination sequence of vertex v in the infinite periodic net: the number of vertices (atom, image) at
    /// graph distance 1, 2, ..., <paramref name="shells"/>.
    /// </summary>
    public int[] CoordinationSequence(int v, int shells)
    {
        var seen = new HashSet<(int, ImageShift)> { (v, ImageShift.Zero) };
        var frontier = new List<(int, ImageShift)> { (v, ImageShift.Zero) };
        var result = new int[shells];
        for (int s = 0; s < shells; s++)
        {
            var next = new List<(int, ImageShift)>();
            foreach (var (u, su) in frontier)
            {
                var nb = NeighborsOf(u);
                var sh = ShiftsOf(u);
                for (int k = 0; k < nb.Length; k++)
                {
                    var w = (nb[k], su + sh[k]);
                    if (seen.Add(w)) next.Add(w);
                }
            }
            result[s] = next.Count;
            frontier = next;
        }
        return result;
    }

    /// <summary>Zn network of a frame; see the class summary for the rules.</summary>
    public static ZnNetwork Build(Frame frame, NetworkOptions? options = null)
    {
        options ??= NetworkOptions.Default;
        var zn = frame.IndicesOf(Element.Zn);
        var positions = zn.Select(i => frame.Positions[i]).ToArray();
        var rule = options.Rule;
        if (rule == NetworkBondRule.Auto)
        {
            bool hasN = false, hasC = false;
            foreach (var e in frame.Elements)
            {
                if (e == Element.N) hasN = true;
                else if (e == Element.C) hasC = true;
            }
            rule = hasN && hasC ? NetworkBondRule.Bridge : NetworkBondRule.Distance;
        }
        if (zn.Length == 0) return new ZnNetwork(zn, positions, frame.Cell, [], rule, 0);
        return rule == NetworkBondRule.Bridge
            ? BuildBridged(frame, zn, positions, options)
            : BuildByDistance(frame, zn, positions, options);
    }

    private static ZnNetwork BuildByDistance(Frame frame, int[] zn, Vec3[] positions, NetworkOptions options)
    {
        if (!(options.ZnZnCutoff > 0)) throw new ArgumentException("the Zn–Zn cutoff must be positive");
        var local = LocalIndex(frame.AtomCount, zn);
        var list = NeighborList.Build(frame, zn, options.ZnZnCutoff, [Element.Zn]);
        var edges = new List<ZnEdge>();
        for (int i = 0; i < zn.Length; i++)
        {
            var nb = list.NeighborsOf(i);
            var sh = list.ShiftsOf(i);
            for (int k = 0; k < nb.Length; k++)
            {
                int j = local[nb[k]];
                if (IsCanonical(i, j, sh[k])) edges.Add(new ZnEdge(i, j, sh[k]));
            }
        }
        return new ZnNetwork(zn, positions, frame.Cell, edges.ToArray(), NetworkBondRule.Distance, 0);
    }

    private static ZnNetwork BuildBridged(Frame frame, int[] zn, Vec3[] positions, NetworkOptions options)
    {
        if (!(options.ZnNCutoff > 0) || !(options.LigandBondCutoff > 0)) throw new ArgumentException("bond cutoffs must be positive");
        // 1. Ligands: connected components of N and C, with the shift of each atom within one connected copy.
        int n = frame.AtomCount;
        var ligandAtoms = new List<int>();
        for (int i = 0; i < n; i++)
            if (frame.Elements[i] == Element.N || frame.Elements[i] == Element.C) ligandAtoms.Add(i);
        var row = new int[n];
        Array.Fill(row, -1);
        for (int r = 0; r < ligandAtoms.Count; r++) row[ligandAtoms[r]] = r;
        var bonds = NeighborList.Build(frame, ligandAtoms.ToArray(), options.LigandBondCutoff, [Element.N, Element.C]);
        var ligand = new int[n];
        Array.Fill(ligand, -1);
        var offset = new ImageShift[n];
        int ligands = 0, periodicLigands = 0;
        var stack = new Stack<int>();
        foreach (int root in ligandAtoms)
        {
            if (ligand[root] >= 0) continue;
            int id = ligands++;
            bool periodic = false;
            ligand[root] = id;
            offset[root] = ImageShift.Zero;
            stack.Push(root);
            while (stack.Count > 0)
            {
                int a = stack.Pop();
                int r = row[a];
                var nb = bonds.NeighborsOf(r);
                var sh = bonds.ShiftsOf(r);
                for (int k = 0; k < nb.Length; k++)
                {
                    int b = nb[k];
                    var s = offset[a] + sh[k];
                    if (ligand[b] < 0)
                    {
                        ligand[b] = id;
                        offset[b] = s;
                        stack.Push(b);
                    }
                    else if (offset[b] != s) periodic = true;
                }
            }
            if (periodic) periodicLigands++;
        }

        // 2. Zn–N bonds: Zn i binds the copy of ligand L whose reference atom sits at image t = s − offset[N].
        var contacts = new List<(int Ligand, ImageShift Copy, int Zn, int N, ImageShift NShift)>();
        var znN = NeighborList.Build(frame, zn, options.ZnNCutoff, [Element.N]);
        for (int i = 0; i < zn.Length; i++)
        {
            var nb = znN.NeighborsOf(i);
            var sh = znN.ShiftsOf(i);
            for (int k = 0; k < nb.Length; k++)
                contacts.Add((ligand[nb[k]], sh[k] - offset[nb[k]], i, nb[k], sh[k]));
        }

        // 3. Bridges: Zn i (ligand copy at t_i) and Zn j (copy at t_j) share a ligand: J's image is t_i − t_j.
        var edges = new HashSet<ZnEdge>();
        foreach (var group in contacts.GroupBy(c => c.Ligand))
        {
            var members = group.ToArray();
            for (int x = 0; x < members.Length; x++)
            for (int y = x + 1; y < members.Length; y++)
            {
                var p = members[x];
                var q = members[y];
                // The two N images, in p's frame: p.N at p.NShift; q.N at q.NShift + (p.Copy − q.Copy).
                var shift = p.Copy - q.Copy;
                if (p.N == q.N && p.NShift == q.NShift + shift) continue; // one N shared: not a bridge
                if (p.Zn == q.Zn && shift.IsZero) continue;              // chelating: no self-bond
                edges.Add(Canonical(p.Zn, q.Zn, shift));
            }
        }
        var sorted = edges.OrderBy(e => e.I).ThenBy(e => e.J).ThenBy(e => e.Shift.A).ThenBy(e => e.Shift.B).ThenBy(e => e.Shift.C).ToArray();
        return new ZnNetwork(zn, positions, frame.Cell, sorted, NetworkBondRule.Bridge, periodicLigands);
    }

    private static int[] LocalIndex(int atoms, int[] zn)
    {
        var local = new int[atoms];
        Array.Fill(local, -1);
        for (int i = 0; i < zn.Length; i++) local[zn[i]] = i;
        return local;
    }

    private static bool IsPositive(ImageShift s) => s.A > 0 || (s.A == 0 && (s.B > 0 || (s.B == 0 && s.C > 0)));

    private static bool IsCanonical(int i, int j, ImageShift s) => i < j || (i == j && IsPositive(s));

    private static ZnEdge Canonical(int i, int j, ImageShift s) =>
        IsCanonical(i, j, s) ? new ZnEdge(i, j, s) : new ZnEdge(j, i, -s);
}
