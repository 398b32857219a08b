using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Analysis;

/// <summary>
/// One 4-membered ring of the periodic Zn net: four vertices (Zn number, image shift) in cyclic order, in a
/// canonical form (the smallest Zn number at shift zero, then the lexicographically smallest of the
/// rotations and reflections), so equal rings up to lattice translation are equal records.
/// </summary>
public sealed record FourRing(int V0, ImageShift S0, int V1, ImageShift S1, int V2, ImageShift S2, int V3, ImageShift S3)
{
    /// <summary>Zn number (vertex index in <see cref="ZnNetwork.ZnAtoms"/>) of ring position <paramref name="k"/> (0–3, cyclic order).</summary>
    public int Vertex(int k) => k switch { 0 => V0, 1 => V1, 2 => V2, 3 => V3, _ => throw new ArgumentOutOfRangeException(nameof(k)) };
    /// <summary>Image shift (lattice translation) of ring position <paramref name="k"/> (0–3, cyclic order).</summary>
    public ImageShift Shift(int k) => k switch { 0 => S0, 1 => S1, 2 => S2, 3 => S3, _ => throw new ArgumentOutOfRangeException(nameof(k)) };
}

/// <summary>Rings of one frame with their unit normals and φa (degrees, 0–90).</summary>
public sealed record FourRingSet(ZnNetwork Network, FourRing[] Rings, Vec3[] Normals, double[] PhiA)
{
    /// <summary>Number of distinct rings in the frame.</summary>
    public int Count => Rings.Length;

    /// <summary>For each ring, how many of its four vertices carry the target label (labels per atom of the frame).</summary>
    public int[] TargetCounts(IReadOnlyList<string?> labels, string target)
    {
        var counts = new int[Rings.Length];
        for (int r = 0; r < Rings.Length; r++)
            for (int k = 0; k < 4; k++)
                if (string.Equals(labels[Network.ZnAtoms[Rings[r].Vertex(k)]], target, StringComparison.Ordinal)) counts[r]++;
        return counts;
    }
}

/// <summary>One group of rings (e.g. those with k target-labelled Zn): count, mean φa and histogram.</summary>
public sealed record PhiHistogram(int Count, double MeanPhiA, int[] Histogram, double BinWidth)
{
    /// <summary>Lower edge of each bin, degrees.</summary>
    public double BinStart(int b) => b * BinWidth;

    /// <summary>Upper edge of each bin, degrees (the last bin ends at 90°, so it may be narrower).</summary>
    public double BinEnd(int b) => Math.Min(90, (b + 1) * BinWidth);

    /// <summary>
    /// Probability density of φa per degree in each bin: count / (rings in the group × bin width), so that
    /// Σ density × width = 1 over 0–90° whatever the number of rings (all zero for an empty group).
    /// </summary>
    public double[] Density()
    {
        var d = new double[Histogram.Length];
        if (Count == 0) return d;
        for (int b = 0; b < d.Length; b++) d[b] = Histogram[b] / (Count * (BinEnd(b) - BinStart(b)));
        return d;
    }
}

/// <summary>
/// 4-membered rings of the bonded Zn net taken as the infinite periodic net (SPEC §5): a closed walk
/// i→j→k→l→i whose image shifts sum to zero through four distinct vertices (atom, image). A walk that only
/// closes modulo a lattice vector is not a ring, so a small cell never invents rings. Rings are counted per
/// cell (distinct up to lattice translation).
/// <para>
/// Normal: the mean of the unit normals of the planes through the four triples of ring atoms (unwrapped
/// positions), each sign-aligned to the first. φa = angle between the normal and lattice vector a, folded to
/// 0–90°.
/// </para>
/// </summary>
public static class FourRings
{
    /// <summary>Builds the frame's Zn network (<paramref name="options"/>; null: <see cref="NetworkOptions.Default"/>) and finds its 4-membered rings with their normals and φa (degrees; the paper's 4-ring orientation: angle between the ring normal and lattice vector a, folded to 0–90°).</summary>
    public static FourRingSet Find(Frame frame, NetworkOptions? options = null) => Find(ZnNetwork.Build(frame, options));

    /// <summary>Finds every 4-membered ring of <paramref name="network"/> once (canonical form), with its unit normal and φa (degrees, 0–90; the paper's 4-ring orientation relative to lattice vector a).</summary>
    public static FourRingSet Find(ZnNetwork network)
    {
        var found = new HashSet<FourRing>();
        var verts = new (int V, ImageShift S)[4];
        for (int a = 0; a < network.Count; a++)
        {
            verts[0] = (a, ImageShift.Zero);
            var nbA = network.NeighborsOf(a);
            var shA = network.ShiftsOf(a);
            for (int x = 0; x < nbA.Length; x++)
            {
                verts[1] = (nbA[x], shA[x]);
                if (verts[1] == verts[0]) continue;
                var nbB = network.NeighborsOf(verts[1].V);
                var shB = network.ShiftsOf(verts[1].V);
                for (int y = 0; y < nbB.Length; y++)
                {
                    verts[2] = (nbB[y], verts[1].S + shB[y]);
                    if (verts[2] == verts[0] || verts[2] == verts[1]) continue;
                    var nbC = network.NeighborsOf(verts[2].V);
                    var shC = network.ShiftsOf(verts[2].V);
                    for (int z = 0; z < nbC.Length; z++)
                    {
                        verts[3] = (nbC[z], verts[2].S + shC[z]);
                        if (verts[3] == verts[0] || verts[3] == verts[1] || verts[3] == verts[2]) continue;
                        if (!Closes(network, verts[3], verts[0])) continue;
                        found.Add(Canonical(verts));
                    }
                }
            }
        }
        var rings = found.OrderBy(r => r.V0).ThenBy(r => r.V1).ThenBy(r => r.V2).ThenBy(r => r.V3)
            .ThenBy(r => Key(r.S1)).ThenBy(r => Key(r.S2)).ThenBy(r => Key(r.S3)).ToArray();
        var normals = new Vec3[rings.Length];
        var phi = new double[rings.Length];
        var aHat = network.Cell.HasLattice ? network.Cell.A / network.Cell.A.Length : new Vec3(1, 0, 0);
        for (int r = 0; r < rings.Length; r++)
        {
            normals[r] = Normal(network, rings[r]);
            phi[r] = FoldedAngleDeg(normals[r], aHat);
        }
        return new FourRingSet(network, rings, normals, phi);
    }

    /// <summary>Angle in degrees between two directions, folded to 0–90°.</summary>
    public static double FoldedAngleDeg(Vec3 u, Vec3 v)
    {
        double c = Math.Abs(Vec3.Dot(u, v)) / (u.Length * v.Length);
        return Math.Acos(Math.Min(1, c)) * 180 / Math.PI;
    }

    /// <summary>Unit normal of a ring: mean of the sign-aligned unit normals of the planes through each triple.</summary>
    public static Vec3 Normal(ZnNetwork network, FourRing ring)
    {
        Span<Vec3> x = stackalloc Vec3[4];
        for (int k = 0; k < 4; k++) x[k] = network.ImagePosition(ring.Vertex(k), ring.Shift(k));
        return Normal(x);
    }

    /// <summary>Unit normal of four points in cyclic order (see <see cref="Normal(ZnNetwork, FourRing)"/>).</summary>
    public static Vec3 Normal(ReadOnlySpan<Vec3> x)
    {
        Vec3 sum = Vec3.Zero, first = Vec3.Zero;
        for (int k = 0; k < 4; k++)
        {
            var p = x[k];
            var q = x[(k + 1) % 4];
            var r = x[(k + 2) % 4];
            var n = Vec3.Cross(q - p, r - p);
            n /= n.Length;
            if (k == 0) first = n;
            else if (Vec3.Dot(n, first) < 0) n = -n;
            sum += n;
        }
        return sum / sum.Length;
    }

    /// <summary>Histogram of φa over [0, 90°] with the given bin width (90° falls in the last bin) and the mean.</summary>
    public static PhiHistogram Histogram(IEnumerable<double> phiA, double binWidth = 5)
    {
        if (!(binWidth > 0) || binWidth > 90) throw new ArgumentException("the φa bin width must be in (0, 90] degrees");
        int bins = (int)Math.Ceiling(90 / binWidth - 1e-9);
        var h = new int[bins];
        int count = 0;
        double sum = 0;
        foreach (var p in phiA)
        {
            h[Math.Clamp((int)(p / binWidth), 0, bins - 1)]++;
            sum += p;
            count++;
        }
        return new PhiHistogram(count, count > 0 ? sum / count : double.NaN, h, binWidth);
    }

    /// <summary>
    /// Rings grouped by how many of their four Zn carry the target phase: key 0..4 → histogram of φa.
    /// Every key is present (count 0 when no ring has it).
    /// </summary>
    public static SortedDictionary<int, PhiHistogram> ByTargetCount(IEnumerable<(double PhiA, int TargetCount)> rings, double binWidth = 5)
    {
        var groups = new List<double>[5];
        for (int k = 0; k < 5; k++) groups[k] = [];
        foreach (var (p, k) in rings) groups[k].Add(p);
        var result = new SortedDictionary<int, PhiHistogram>();
        for (int k = 0; k < 5; k++) result[k] = Histogram(groups[k], binWidth);
        return result;
    }

    private static bool Closes(ZnNetwork network, (int V, ImageShift S) from, (int V, ImageShift S) to)
    {
        var nb = network.NeighborsOf(from.V);
        var sh = network.ShiftsOf(from.V);
        for (int k = 0; k < nb.Length; k++)
            if (nb[k] == to.V && from.S + sh[k] == to.S) return true;
        return false;
    }

    private static (int, int, int) Key(ImageShift s) => (s.A, s.B, s.C);

    /// <summary>Smallest (V, shift) sequence over the 8 rotations/reflections, translated so vertex 0 has shift zero.</summary>
    private static FourRing Canonical(ReadOnlySpan<(int V, ImageShift S)> v)
    {
        FourRing? best = null;
        Span<(int V, ImageShift S)> seq = stackalloc (int, ImageShift)[4];
        for (int start = 0; start < 4; start++)
        for (int dir = -1; dir <= 1; dir += 2)
        {
            for (int k = 0; k < 4; k++) seq[k] = v[((start + dir * k) % 4 + 4) % 4];
            var t = seq[0].S;
            var cand = new FourRing(seq[0].V, ImageShift.Zero, seq[1].V, seq[1].S - t, seq[2].V, seq[2].S - t, seq[3].V, seq[3].S - t);
            if (best is null || Compare(cand, best) < 0) best = cand;
        }
        return best!;
    }

    private static int Compare(FourRing x, FourRing y)
    {
        for (int k = 0; k < 4; k++)
        {
            int c = x.Vertex(k).CompareTo(y.Vertex(k));
            if (c != 0) return c;
            c = Key(x.Shift(k)).CompareTo(Key(y.Shift(k)));
            if (c != 0) return c;
        }
        return 0;
    }
}
