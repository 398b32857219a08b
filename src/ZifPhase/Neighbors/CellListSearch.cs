using System.Runtime.CompilerServices;
using ZifPhase.Parallelism;
using ZifPhase.Structures;

namespace ZifPhase.Neighbors;

/// <summary>
/// Cell-list neighbour search in fractional coordinates.
/// <para>
/// Binning: along a periodic axis i the wrapped fractional coordinate f ∈ [0, 1) falls in one of n_i bins; along
/// a non-periodic axis the bins span the range of the atoms' (and centres') fractional coordinates. Without any
/// lattice the Cartesian axes serve as an identity lattice. Each atom is binned at its wrapped position
/// w = r − T(m), m the integer part of its fractional coordinates along periodic axes.
/// </para>
/// <para>
/// Stencil: a neighbour within the cutoff differs from the centre by at most cutoff/width_i in fractional
/// coordinate i (width_i = perpendicular width), hence by at most R_i = ceil(cutoff·n_i/width_i) bins, since
/// the centre may sit anywhere in its own bin. Bin offsets (da, db, dc) within ±R are kept only when the
/// parallelepiped of displacements between two such bins comes within the cutoff (an exact small box-constrained
/// quadratic program), and they are stored as rows along c: (da, db, dc from lo to hi). An unwrapped bin offset
/// maps to a wrapped bin plus an image shift, so cutoffs beyond half (or several) widths visit the same bin
/// several times with different images.
/// </para>
/// <para>
/// Exactness: candidates are tested on wrapped coordinates with a small margin; those near the cutoff (or near
/// zero distance) are re-tested with the canonical vector (r_j − r_i) + T, which is the one stored. Keys
/// (atom, image) of the accepted pairs are sorted per centre; a second pass writes the output arrays from them.
/// </para>
/// </summary>
internal sealed class CellListSearch
{
    internal const int DefaultBinsPerCutoff = 3;

    // Sort key: the atom index j in the high bits, then the image shift k in the wrapped frame, minus its least
    // possible value, along a, b and c in as few bits as the stencil needs (0 bits along non-periodic axes).
    // For a fixed atom j the true shift differs from k by the constant m_i − m_j, so sorting keys sorts by
    // (j, shift A, B, C). Keys of at most 32 bits are radix-sorted.
    private const int MaxWrappedShift = 511;
    private const int RadixMaxBits = 32;
    private const int RadixMinCount = 96;

    private readonly record struct Row(int Da, int Db, int Lo, int Hi);

    private readonly Vec3[] _positions;
    private readonly double _cutoff;
    private readonly double _r2Max, _r2Inner, _r2Zero;
    private readonly bool _pa, _pb, _pc;
    private readonly Vec3 _a, _b, _c; // lattice translations (zero vectors without a lattice)
    private readonly int _na, _nb, _nc;
    private readonly int[] _atomBin;      // linear bin of every atom (centres and neighbours)
    private readonly int[] _ma, _mb, _mc; // integer part of the fractional coordinates along periodic axes
    private readonly Vec3[] _wrapped;     // r − T(m) of every atom that is a neighbour or a centre
    private readonly int[] _binStart;
    private readonly int[] _slotAtom;
    private readonly double[] _sx, _sy, _sz;
    private readonly Row[] _rows;
    private readonly int _kMinA, _kMinB, _kMinC;
    private readonly int _bitsB, _shiftB, _shiftJ; // field widths and positions in the key
    private readonly long _maskA, _maskB, _maskC;
    private readonly int _radixPasses, _radixDigitBits;

    public static NeighborList Build(Frame frame, ReadOnlySpan<int> centres, double cutoff,
        IReadOnlyCollection<Element>? neighborElements, int maxDegreeOfParallelism, int binsPerCutoff)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!double.IsFinite(cutoff) || cutoff <= 0)
            throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "the cutoff must be a positive finite distance");
        CentreParallel.CheckThreads(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        if (binsPerCutoff < 1) throw new ArgumentOutOfRangeException(nameof(binsPerCutoff));
        int n = frame.AtomCount;
        var centreArray = centres.ToArray();
        foreach (int c in centreArray)
            if ((uint)c >= (uint)n) throw new ArgumentOutOfRangeException(nameof(centres), c, $"centre index outside 0..{n - 1}");
        foreach (var p in frame.Positions)
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y) || !double.IsFinite(p.Z))
                throw new ArgumentException("positions must be finite", nameof(frame));

        var isNeighbor = new bool[n];
        int neighborCount = 0;
        if (neighborElements is null)
        {
            Array.Fill(isNeighbor, true);
            neighborCount = n;
        }
        else
        {
            var allowed = new bool[Element.All.Count + 1];
            foreach (var e in neighborElements) allowed[e.Z] = true;
            for (int i = 0; i < n; i++)
                if (allowed[frame.Elements[i].Z]) { isNeighbor[i] = true; neighborCount++; }
        }

        if (centreArray.Length == 0 || neighborCount == 0)
            return new NeighborList(cutoff, centreArray, new int[centreArray.Length + 1], [], [], [], []);

        var search = new CellListSearch(frame, centreArray, cutoff, isNeighbor, neighborCount, binsPerCutoff);
        return search.Run(centreArray, maxDegreeOfParallelism);
    }

    private CellListSearch(Frame frame, int[] centres, double cutoff, bool[] isNeighbor, int neighborCount, int binsPerCutoff)
    {
        var cell = frame.Cell;
        _positions = frame.Positions;
        _cutoff = cutoff;
        int n = _positions.Length;
        bool lattice = cell.HasLattice;
        _pa = cell.PeriodicA;
        _pb = cell.PeriodicB;
        _pc = cell.PeriodicC;
        // Binning frame: the lattice, or the Cartesian axes when there is none.
        Vec3 la = lattice ? cell.A : new Vec3(1, 0, 0);
        Vec3 lb = lattice ? cell.B : new Vec3(0, 1, 0);
        Vec3 lc = lattice ? cell.C : new Vec3(0, 0, 1);
        _a = lattice ? cell.A : Vec3.Zero;
        _b = lattice ? cell.B : Vec3.Zero;
        _c = lattice ? cell.C : Vec3.Zero;
        Vec3 width = lattice ? cell.PerpendicularWidths : new Vec3(1, 1, 1);

        // Tolerance for rounding in fractional coordinates and wrapped positions: far above double rounding for
        // any sane coordinates, far below any physical distance.
        double maxAbs = 0;
        foreach (var p in _positions) maxAbs = Math.Max(maxAbs, Math.Max(Math.Abs(p.X), Math.Max(Math.Abs(p.Y), Math.Abs(p.Z))));
        double tol = 1e-9 * (cutoff + maxAbs + la.Length + lb.Length + lc.Length);
        double rMax = cutoff + tol;
        _r2Max = rMax * rMax;
        _r2Inner = cutoff > tol ? (cutoff - tol) * (cutoff - tol) : 0;
        _r2Zero = tol * tol;

        // Fractional coordinates of every atom; ranges along non-periodic axes over neighbours and centres.
        var frac = new Vec3[n];
        for (int i = 0; i < n; i++) frac[i] = lattice ? cell.ToFractional(_positions[i]) : _positions[i];
        Span<double> lo = [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity];
        Span<double> hi = [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity];
        var inRange = new bool[n];
        for (int i = 0; i < n; i++) inRange[i] = isNeighbor[i];
        foreach (int c in centres) inRange[c] = true;
        for (int i = 0; i < n; i++)
        {
            if (!inRange[i]) continue;
            var s = frac[i];
            lo[0] = Math.Min(lo[0], s.X); hi[0] = Math.Max(hi[0], s.X);
            lo[1] = Math.Min(lo[1], s.Y); hi[1] = Math.Max(hi[1], s.Y);
            lo[2] = Math.Min(lo[2], s.Z); hi[2] = Math.Max(hi[2], s.Z);
        }

        // Bin counts: bins about cutoff/binsPerCutoff wide, at most ~2 bins per neighbour atom in total.
        Span<bool> periodic = [_pa, _pb, _pc];
        Span<double> widths = [width.X, width.Y, width.Z];
        Span<double> extent = stackalloc double[3];
        Span<long> bins = stackalloc long[3];
        double binSize = cutoff / binsPerCutoff;
        long maxBins = Math.Max(1L, 2L * neighborCount);
        for (int ax = 0; ax < 3; ax++)
        {
            extent[ax] = periodic[ax] ? widths[ax] : (hi[ax] - lo[ax]) * widths[ax];
            double want = Math.Floor(extent[ax] / binSize);
            bins[ax] = want >= 1 ? (long)Math.Min(want, maxBins) : 1;
        }
        while (bins[0] * bins[1] * bins[2] > maxBins)
        {
            int big = bins[0] >= bins[1] && bins[0] >= bins[2] ? 0 : bins[1] >= bins[2] ? 1 : 2;
            bins[big] = Math.Max(1, bins[big] / 2);
        }
        _na = (int)bins[0];
        _nb = (int)bins[1];
        _nc = (int)bins[2];

        // Fractional bin width, origin and reach (in bins) per axis.
        Span<double> bw = stackalloc double[3];
        Span<double> origin = stackalloc double[3];
        Span<int> reach = stackalloc int[3];
        for (int ax = 0; ax < 3; ax++)
        {
            int nb = (int)bins[ax];
            if (periodic[ax])
            {
                bw[ax] = 1.0 / nb;
                origin[ax] = 0;
            }
            else
            {
                double range = hi[ax] - lo[ax];
                bw[ax] = range > 0 ? range / nb : 1.0;
                origin[ax] = lo[ax];
            }
            double r = Math.Ceiling(rMax / (widths[ax] * bw[ax]));
            if (periodic[ax])
            {
                // Largest wrapped-frame shift: floor((n − 1 + R) / n).
                if ((nb - 1 + r) / nb > MaxWrappedShift)
                    throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff,
                        $"the cutoff exceeds {MaxWrappedShift - 1} perpendicular widths of the cell");
                reach[ax] = (int)r;
            }
            else
            {
                reach[ax] = (int)Math.Min(r, nb - 1);
            }
        }

        // Bin and integer image of every atom that is a neighbour or a centre.
        _atomBin = new int[n];
        _ma = new int[n];
        _mb = new int[n];
        _mc = new int[n];
        var wrapped = new Vec3[n];
        for (int i = 0; i < n; i++)
        {
            if (!inRange[i]) continue;
            var s = frac[i];
            int ia = BinOf(s.X, _pa, _na, origin[0], bw[0], out _ma[i]);
            int ib = BinOf(s.Y, _pb, _nb, origin[1], bw[1], out _mb[i]);
            int ic = BinOf(s.Z, _pc, _nc, origin[2], bw[2], out _mc[i]);
            _atomBin[i] = (ia * _nb + ib) * _nc + ic;
            wrapped[i] = _positions[i] - Translation(_ma[i], _mb[i], _mc[i]);
        }

        // Counting sort of the neighbour atoms by bin (stable: ascending atom index within a bin).
        int binCount = _na * _nb * _nc;
        _binStart = new int[binCount + 1];
        for (int i = 0; i < n; i++)
            if (isNeighbor[i]) _binStart[_atomBin[i] + 1]++;
        for (int b = 0; b < binCount; b++) _binStart[b + 1] += _binStart[b];
        _slotAtom = new int[neighborCount];
        _sx = new double[neighborCount];
        _sy = new double[neighborCount];
        _sz = new double[neighborCount];
        var fill = new int[binCount];
        Array.Copy(_binStart, fill, binCount);
        for (int i = 0; i < n; i++)
        {
            if (!isNeighbor[i]) continue;
            int slot = fill[_atomBin[i]]++;
            _slotAtom[slot] = i;
            _sx[slot] = wrapped[i].X;
            _sy[slot] = wrapped[i].Y;
            _sz[slot] = wrapped[i].Z;
        }
        _wrapped = wrapped;

        _rows = BuildStencil(la, lb, lc, bw, reach, rMax);

        // Key layout. Bins are 0..n−1 and stencil offsets within ±R, so k = floor((bin + offset) / n) spans
        // floor(−R / n) .. floor((n − 1 + R) / n) along a periodic axis.
        int bitsA = KeyField(_pa, _na, reach[0], out _kMinA);
        _bitsB = KeyField(_pb, _nb, reach[1], out _kMinB);
        int bitsC = KeyField(_pc, _nc, reach[2], out _kMinC);
        _maskA = (1L << bitsA) - 1;
        _maskB = (1L << _bitsB) - 1;
        _maskC = (1L << bitsC) - 1;
        _shiftB = bitsC;
        int shiftA = bitsC + _bitsB;
        _shiftJ = shiftA + bitsA;
        int totalBits = _shiftJ + BitLength(n - 1);
        _radixPasses = totalBits <= RadixMaxBits ? Math.Max(1, (totalBits + 7) / 8) : 0;
        _radixDigitBits = _radixPasses > 0 ? (totalBits + _radixPasses - 1) / _radixPasses : 0;
    }

    private static int BitLength(int value) => value <= 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)value);

    private static int KeyField(bool periodic, int n, int reach, out int kMin)
    {
        if (!periodic)
        {
            kMin = 0;
            return 0;
        }
        kMin = FloorDiv(-reach, n);
        return BitLength(FloorDiv(n - 1 + reach, n) - kMin);
    }

    /// <summary>Bin along one axis; m is the integer image removed by wrapping (0 along non-periodic axes).</summary>
    private static int BinOf(double s, bool periodic, int n, double origin, double bw, out int m)
    {
        if (periodic)
        {
            double fl = Math.Floor(s);
            double f = s - fl;
            if (f >= 1.0)
            {
                f = 0;
                fl += 1;
            }
            if (Math.Abs(fl) > int.MaxValue / 4)
                throw new ZifPhaseException($"an atom lies {fl} cells away from the cell; positions that far cannot be handled");
            m = (int)fl;
            int b = (int)(f * n);
            return b >= n ? n - 1 : b;
        }
        m = 0;
        double u = Math.Floor((s - origin) / bw);
        return u < 0 ? 0 : u >= n ? n - 1 : (int)u;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vec3 Translation(int na, int nb, int nc) => new(
        na * _a.X + nb * _b.X + nc * _c.X,
        na * _a.Y + nb * _b.Y + nc * _c.Y,
        na * _a.Z + nb * _b.Z + nc * _c.Z);

    /// <summary>The canonical vector (r_j − r_i) + T(shift); every stored vector and every exact test uses it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vec3 ExactVector(int i, int j, int na, int nb, int nc)
    {
        var d = _positions[j] - _positions[i];
        return d + Translation(na, nb, nc);
    }

    /// <summary>
    /// Stencil rows: for each (da, db) the contiguous range of dc whose bins can hold a point within rMax of a
    /// point of the centre's bin.
    /// </summary>
    private static Row[] BuildStencil(Vec3 la, Vec3 lb, Vec3 lc, ReadOnlySpan<double> bw, ReadOnlySpan<int> reach, double rMax)
    {
        Span<double> g =
        [
            Vec3.Dot(la, la), Vec3.Dot(la, lb), Vec3.Dot(la, lc),
            Vec3.Dot(lb, la), Vec3.Dot(lb, lb), Vec3.Dot(lb, lc),
            Vec3.Dot(lc, la), Vec3.Dot(lc, lb), Vec3.Dot(lc, lc),
        ];
        int ra = reach[0], rb = reach[1], rc = reach[2];
        // Pruning costs (2R+1)^3 tiny programs; beyond ~10^7 (cutoffs of hundreds of bins) keep full rows.
        bool prune = (2.0 * ra + 1) * (2.0 * rb + 1) * (2.0 * rc + 1) <= 1e7;
        double r2 = rMax * rMax;
        var rows = new List<Row>((2 * ra + 1) * (2 * rb + 1));
        Span<double> lo = stackalloc double[3];
        Span<double> hi = stackalloc double[3];
        for (int da = -ra; da <= ra; da++)
        for (int db = -rb; db <= rb; db++)
        {
            if (!prune)
            {
                rows.Add(new Row(da, db, -rc, rc));
                continue;
            }
            int first = int.MaxValue, last = int.MinValue;
            lo[0] = (da - 1) * bw[0];
            hi[0] = (da + 1) * bw[0];
            lo[1] = (db - 1) * bw[1];
            hi[1] = (db + 1) * bw[1];
            for (int dc = -rc; dc <= rc; dc++)
            {
                lo[2] = (dc - 1) * bw[2];
                hi[2] = (dc + 1) * bw[2];
                if (MinSquaredNorm(g, lo, hi) <= r2)
                {
                    first = Math.Min(first, dc);
                    last = Math.Max(last, dc);
                }
            }
            if (first <= last) rows.Add(new Row(da, db, first, last));
        }
        return rows.ToArray();
    }

    /// <summary>
    /// min uᵀGu over the box lo ≤ u ≤ hi (G a 3×3 Gram matrix, row-major), exactly: the minimiser is the free
    /// minimiser on one of the 27 faces (interior, 6 faces, 12 edges, 8 vertices) of the box.
    /// </summary>
    internal static double MinSquaredNorm(ReadOnlySpan<double> g, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi)
    {
        if (lo[0] <= 0 && hi[0] >= 0 && lo[1] <= 0 && hi[1] >= 0 && lo[2] <= 0 && hi[2] >= 0) return 0;
        double best = double.PositiveInfinity;
        Span<double> u = stackalloc double[3];
        Span<int> free = stackalloc int[3];
        for (int code = 0; code < 27; code++)
        {
            int rest = code, nf = 0;
            for (int ax = 0; ax < 3; ax++)
            {
                int state = rest % 3;
                rest /= 3;
                if (state == 0) free[nf++] = ax;
                else u[ax] = state == 1 ? lo[ax] : hi[ax];
            }
            if (nf == 3) continue; // interior: only when the box holds 0, handled above
            if (nf == 1)
            {
                int p = free[0];
                double rhs = 0;
                for (int x = 0; x < 3; x++) if (x != p) rhs -= g[p * 3 + x] * u[x];
                u[p] = rhs / g[p * 3 + p];
            }
            else if (nf == 2)
            {
                int p = free[0], q = free[1], x = 3 - p - q;
                double rp = -g[p * 3 + x] * u[x], rq = -g[q * 3 + x] * u[x];
                double gpp = g[p * 3 + p], gqq = g[q * 3 + q], gpq = g[p * 3 + q];
                double det = gpp * gqq - gpq * gpq;
                if (!(det > 0)) continue;
                u[p] = (rp * gqq - gpq * rq) / det;
                u[q] = (gpp * rq - gpq * rp) / det;
            }
            bool feasible = true;
            for (int k = 0; k < nf; k++)
            {
                int ax = free[k];
                double slack = 1e-9 * (hi[ax] - lo[ax]);
                if (u[ax] < lo[ax] - slack || u[ax] > hi[ax] + slack) feasible = false;
            }
            if (!feasible) continue;
            double f = 0;
            for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                f += u[r] * g[r * 3 + c] * u[c];
            best = Math.Min(best, f);
        }
        return Math.Max(0, best);
    }

    private sealed class Scratch
    {
        public long[] Candidates = new long[1024];
        public long[] Sorted = new long[1024];
        public int[] Counts = new int[4 * 256];
        public long[] Chunk = new long[4096];
    }

    private NeighborList Run(int[] centres, int maxDegreeOfParallelism)
    {
        int centreCount = centres.Length;
        int chunkSize = CentreParallel.BalancedChunkSize(centreCount, 256);
        int chunkCount = CentreParallel.ChunkCount(centreCount, chunkSize);
        var rowCounts = new int[centreCount];
        var chunkKeys = new long[chunkCount][];

        CentreParallel.For(centreCount, chunkSize, maxDegreeOfParallelism, static () => new Scratch(), (chunk, first, end, scratch) =>
        {
            int total = 0;
            for (int row = first; row < end; row++)
            {
                int count = SearchCentre(centres[row], ref scratch.Candidates);
                if (scratch.Chunk.Length < total + count)
                    Array.Resize(ref scratch.Chunk, Math.Max(2 * scratch.Chunk.Length, total + count));
                SortKeys(scratch, count, scratch.Chunk.AsSpan(total, count));
                rowCounts[row] = count;
                total += count;
            }
            chunkKeys[chunk] = scratch.Chunk.AsSpan(0, total).ToArray();
        });

        var offsets = new int[centreCount + 1];
        long sum = 0;
        for (int row = 0; row < centreCount; row++)
        {
            sum += rowCounts[row];
            if (sum > Array.MaxLength)
                throw new ZifPhaseException($"more than {Array.MaxLength} neighbour pairs; use fewer centres or a smaller cutoff");
            offsets[row + 1] = (int)sum;
        }
        int pairs = (int)sum;
        var neighbors = GC.AllocateUninitializedArray<int>(pairs);
        var vectors = GC.AllocateUninitializedArray<Vec3>(pairs);
        var distances = GC.AllocateUninitializedArray<double>(pairs);
        var shifts = GC.AllocateUninitializedArray<ImageShift>(pairs);

        CentreParallel.For(centreCount, chunkSize, maxDegreeOfParallelism, (chunk, first, end) =>
        {
            var keys = chunkKeys[chunk];
            int k = 0;
            for (int row = first; row < end; row++)
            {
                int i = centres[row];
                int mia = _ma[i], mib = _mb[i], mic = _mc[i];
                int o = offsets[row];
                for (int q = 0; q < rowCounts[row]; q++, k++, o++)
                {
                    long key = keys[k];
                    int j = (int)(key >> _shiftJ);
                    int sa = (int)((key >> (_shiftB + _bitsB)) & _maskA) + _kMinA + mia - _ma[j];
                    int sb = (int)((key >> _shiftB) & _maskB) + _kMinB + mib - _mb[j];
                    int sc = (int)(key & _maskC) + _kMinC + mic - _mc[j];
                    var v = ExactVector(i, j, sa, sb, sc);
                    neighbors[o] = j;
                    vectors[o] = v;
                    distances[o] = v.Length;
                    shifts[o] = new ImageShift(sa, sb, sc);
                }
            }
            chunkKeys[chunk] = null!;
        });

        return new NeighborList(_cutoff, centres, offsets, neighbors, vectors, distances, shifts);
    }

    /// <summary>Sorts the first <paramref name="count"/> candidate keys into <paramref name="destination"/>.</summary>
    private void SortKeys(Scratch scratch, int count, Span<long> destination)
    {
        var keys = scratch.Candidates.AsSpan(0, count);
        if (_radixPasses == 0 || count < RadixMinCount)
        {
            keys.Sort();
            keys.CopyTo(destination);
            return;
        }
        if (scratch.Sorted.Length < count) scratch.Sorted = new long[scratch.Candidates.Length];
        // LSD radix sort; all digit histograms in one read. Passes alternate between the buffers so that the
        // last one writes into the destination.
        int passes = _radixPasses, bits = _radixDigitBits, mask = (1 << bits) - 1, buckets = 1 << bits;
        var counts = scratch.Counts.AsSpan(0, passes * buckets);
        counts.Clear();
        foreach (long key in keys)
            for (int p = 0; p < passes; p++)
                counts[p * buckets + (int)((key >> (p * bits)) & mask)]++;
        var other = scratch.Sorted.AsSpan(0, count);
        Span<long> source = keys;
        for (int p = 0; p < passes; p++)
        {
            var target = p == passes - 1 ? destination : (source == keys ? other : keys);
            var c = counts.Slice(p * buckets, buckets);
            int sum = 0;
            for (int b = 0; b < buckets; b++)
            {
                int t = c[b];
                c[b] = sum;
                sum += t;
            }
            int shift = p * bits;
            foreach (long key in source)
                target[c[(int)((key >> shift) & mask)]++] = key;
            source = target;
        }
    }

    /// <summary>Unsorted keys of all neighbours of atom i, written to the start of buffer; returns their count.</summary>
    private int SearchCentre(int i, ref long[] buffer)
    {
        int bin = _atomBin[i];
        int bc = bin % _nc;
        int bb = bin / _nc % _nb;
        int ba = bin / (_nc * _nb);
        var wi = _wrapped[i];
        double r2Max = _r2Max, r2Inner = _r2Inner, r2Zero = _r2Zero;
        var sx = _sx;
        var sy = _sy;
        var sz = _sz;
        var binStart = _binStart;
        int count = 0;

        foreach (var row in _rows)
        {
            int oa = ba + row.Da, ka = 0;
            if (_pa)
            {
                ka = FloorDiv(oa, _na);
                oa -= ka * _na;
            }
            else if ((uint)oa >= (uint)_na) continue;
            int ob = bb + row.Db, kb = 0;
            if (_pb)
            {
                kb = FloorDiv(ob, _nb);
                ob -= kb * _nb;
            }
            else if ((uint)ob >= (uint)_nb) continue;
            int rowBase = (oa * _nb + ob) * _nc;
            int c0 = bc + row.Lo, c1 = bc + row.Hi;
            int kc = 0;
            if (_pc)
            {
                kc = FloorDiv(c0, _nc);
                c0 -= kc * _nc;
                c1 -= kc * _nc;
            }
            else
            {
                c0 = Math.Max(c0, 0);
                c1 = Math.Min(c1, _nc - 1);
            }
            // Segments of the row with one image shift each (one segment without wrapping).
            while (c0 <= c1)
            {
                int segEnd = Math.Min(c1, _nc - 1);
                int start = binStart[rowBase + c0], end = binStart[rowBase + segEnd + 1];
                if (end > start)
                {
                    if (buffer.Length < count + (end - start))
                        Array.Resize(ref buffer, Math.Max(2 * buffer.Length, count + (end - start)));
                    var t = Translation(ka, kb, kc);
                    double ox = t.X - wi.X, oy = t.Y - wi.Y, oz = t.Z - wi.Z;
                    long imageBits = ((long)(ka - _kMinA) << (_shiftB + _bitsB)) | ((long)(kb - _kMinB) << _shiftB) | (long)(kc - _kMinC);
                    var slotAtom = _slotAtom;
                    int shiftJ = _shiftJ;
                    for (int s = start; s < end; s++)
                    {
                        double dx = sx[s] + ox, dy = sy[s] + oy, dz = sz[s] + oz;
                        double d2 = dx * dx + dy * dy + dz * dz;
                        // Branch-free for the common cases (clearly inside or outside); the rare shell near the
                        // cutoff or near zero distance gets the exact test.
                        buffer[count] = ((long)slotAtom[s] << shiftJ) | imageBits;
                        bool inside = (d2 < r2Inner) & (d2 > r2Zero);
                        count += inside ? 1 : 0;
                        if ((d2 <= r2Max) & !inside && AcceptsExactly(i, slotAtom[s], ka, kb, kc)) count++;
                    }
                }
                c0 = segEnd + 1 - _nc;
                c1 -= _nc;
                kc++;
                if (!_pc) break;
            }
        }

        return count;
    }

    /// <summary>The exact test 0 &lt; |(r_j − r_i) + T| ≤ cutoff for a candidate near the cutoff or near zero.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool AcceptsExactly(int i, int j, int ka, int kb, int kc)
    {
        var v = ExactVector(i, j, ka + _ma[i] - _ma[j], kb + _mb[i] - _mb[j], kc + _mc[i] - _mc[j]);
        double d = v.Length;
        return d > 0 && d <= _cutoff;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloorDiv(int a, int n)
    {
        int q = a / n;
        return (a % n < 0) ? q - 1 : q;
    }
}
