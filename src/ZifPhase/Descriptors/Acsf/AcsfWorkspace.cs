using System.Runtime.Intrinsics;
using ZifPhase.Neighbors;
using static ZifPhase.Descriptors.Acsf.AcsfMath;

namespace ZifPhase.Descriptors.Acsf;

/// <summary>
/// One worker's buffers, grown as needed, and the gathering step: the neighbours of one centre within r_cut by
/// species into padded structure-of-arrays buffers (group t at <see cref="Start"/>[t], <see cref="Count"/>[t]
/// neighbours, padded to whole vectors with zero weight), with their per-neighbour factors: unit vectors, fc(R)
/// and the weights w_e = fc·exp(−η_e R²), stride <see cref="Capacity"/>.
/// </summary>
internal sealed class AcsfWorkspace
{
    public int Capacity;
    public double[] X = [], Y = [], Z = [], Ux = [], Uy = [], Uz = [], R = [], Fc = [], Wt = [], Pair = [];
    public int[] Start = [], Count = [];
    public int[] Fill = [];

    private void Ensure(int capacity, int weights, int pairRows, int species)
    {
        if (Start.Length < species + 1)
        {
            Start = new int[species + 1];
            Count = new int[species];
            Fill = new int[species];
        }
        if (capacity <= Capacity && Wt.Length >= Capacity * weights && Pair.Length >= Capacity * pairRows) return;
        capacity = Math.Max(capacity, 2 * Capacity);
        Capacity = capacity;
        X = new double[capacity];
        Y = new double[capacity];
        Z = new double[capacity];
        Ux = new double[capacity];
        Uy = new double[capacity];
        Uz = new double[capacity];
        R = new double[capacity];
        Fc = new double[capacity];
        Wt = new double[capacity * weights];
        Pair = new double[capacity * pairRows];
    }

    /// <summary>
    /// Gathers the neighbours of row <paramref name="row"/> and computes their factors; returns the padded slot
    /// count (0: no neighbour within r_cut).
    /// </summary>
    public int Gather(AcsfTables t, NeighborList list, int row, sbyte[] atomSpecies)
    {
        int ns = t.Species.Length;
        int begin = list.Offsets[row], end = list.Offsets[row + 1];
        var nbr = list.Neighbors;
        var dist = list.Distances;
        var vec = list.Vectors;
        double rc = t.Rc;

        Ensure(end - begin + ns * W, t.WEta.Length, t.PairRows, ns);
        int stride = Capacity;
        double[] x = X, y = Y, z = Z, ux = Ux, uy = Uy, uz = Uz, r = R, fc = Fc, wt = Wt;
        var count = Count.AsSpan(0, ns);
        var start = Start;
        var fill = Fill.AsSpan(0, ns);
        start[0] = 0;
        if (ns == 1)
        {
            int k = 0;
            for (int q = begin; q < end; q++)
            {
                if (atomSpecies[nbr[q]] != 0 || !(dist[q] <= rc)) continue;
                var v = vec[q];
                x[k] = v.X;
                y[k] = v.Y;
                z[k] = v.Z;
                r[k] = dist[q];
                k++;
            }
            count[0] = k;
            fill[0] = k;
            start[1] = (k + W - 1) / W * W;
        }
        else
        {
            count.Clear();
            for (int q = begin; q < end; q++)
            {
                int s = atomSpecies[nbr[q]];
                if (s >= 0 && dist[q] <= rc) count[s]++;
            }
            for (int s = 0; s < ns; s++)
            {
                start[s + 1] = start[s] + (count[s] + W - 1) / W * W;
                fill[s] = start[s];
            }
            for (int q = begin; q < end; q++)
            {
                int s = atomSpecies[nbr[q]];
                if (s < 0 || !(dist[q] <= rc)) continue;
                int k = fill[s]++;
                var v = vec[q];
                x[k] = v.X;
                y[k] = v.Y;
                z[k] = v.Z;
                r[k] = dist[q];
            }
        }
        int cap = start[ns];
        if (cap == 0) return 0;
        for (int s = 0; s < ns; s++)
            for (int k = fill[s]; k < start[s + 1]; k++)
                x[k] = y[k] = z[k] = r[k] = 0; // padding: zero weight, finite everything

        // Per-neighbour factors, vectorised over all slots: unit vectors, fc(R) and w_e = fc·exp(−η_e R²), all
        // zero on padding.
        var wEta = t.WEta;
        for (int k = 0; k < cap; k += W)
        {
            var vx = Load(x, k);
            var vy = Load(y, k);
            var vz = Load(z, k);
            var d = Load(r, k);
            var valid = Vector256.GreaterThan(d, Vector256<double>.Zero);
            var inv = Vector256<double>.One / d;
            Store(ux, k, (vx * inv) & valid);
            Store(uy, k, (vy * inv) & valid);
            Store(uz, k, (vz * inv) & valid);
            var d2 = vx * vx + vy * vy + vz * vz;
            var f = AcsfMath.Fc(d2, t.FcScale) & valid;
            Store(fc, k, f);
            for (int e = 0; e < wEta.Length; e++)
                Store(wt, e * stride + k, f * Exp(Vector256.Create(-wEta[e]) * d2));
        }
        return cap;
    }
}
