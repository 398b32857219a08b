using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Descriptors.Soap;

/// <summary>
/// Per-thread scratch of <see cref="SoapDescriptor"/> and the expansion of one centre's density into c_nlm.
/// Nothing is allocated per centre once the neighbour buffers have grown to the largest neighbourhood.
/// <para>
/// Neighbours are sorted into their coefficient channel (species, or one channel for mu2) and processed in blocks of
/// <see cref="SoapDescriptor.BlockSize"/>: solid harmonics w·r^l Y_lm four neighbours at a time, radial values
/// F_nl(r) with all n in vector lanes, then per l the small matrix product C_l += Σ_j F_l(r_j) ⊗ Y_l(j) with a
/// 3 × 4 register tile (12 n × 4 m).
/// </para>
/// </summary>
internal sealed class SoapWorkspace
{
    private const int J = SoapDescriptor.BlockSize;

    private readonly SoapDescriptor _d;
    private readonly int _lMax, _nPad, _lmCount, _channels, _channelLength;
    private readonly bool _mu2;

    /// <summary>c_nlm of the last expanded centre: channel × (l_max+1)² × NPad.</summary>
    public readonly double[] Coefficients;
    public readonly double[] Scratch;
    public readonly double[] Row;

    // Neighbours of the current centre grouped by channel (structure of arrays).
    private double[] _x = new double[256], _y = new double[256], _z = new double[256], _r = new double[256], _w = new double[256];
    private readonly int[] _channelCount, _channelStart;
    private int[] _slotOf = new int[256];
    private int[] _channelOfEntry = new int[256];
    private double[] _weightOfEntry = new double[256];

    private readonly double[] _bx = new double[J], _by = new double[J], _bz = new double[J], _bw = new double[J];
    private readonly double[] _harm;   // (lmCount + 1 zero row) × J
    private readonly double[] _radial; // (l_max+1) × J × NPad

    public SoapWorkspace(SoapDescriptor descriptor)
    {
        _d = descriptor;
        _lMax = descriptor.Spec.LMax;
        _nPad = descriptor.Spectrum.NPad;
        _lmCount = (_lMax + 1) * (_lMax + 1);
        _channels = descriptor.Spectrum.Channels;
        _channelLength = descriptor.Spectrum.ChannelLength;
        _mu2 = descriptor.Spec.Compression.Mode == SoapCompressionMode.Mu2;
        Coefficients = new double[_channels * _channelLength];
        Scratch = new double[descriptor.Spectrum.ScratchLength];
        Row = new double[descriptor.Dimension];
        _channelCount = new int[_channels];
        _channelStart = new int[_channels + 1];
        _harm = new double[(_lmCount + 1) * J];
        _radial = new double[(_lMax + 1) * J * _nPad];
    }

    private void EnsureCapacity(int n)
    {
        if (_x.Length >= n + 4) return;
        int size = Math.Max(n + 4, 2 * _x.Length);
        _x = new double[size];
        _y = new double[size];
        _z = new double[size];
        _r = new double[size];
        _w = new double[size];
        _slotOf = new int[size];
        _channelOfEntry = new int[size];
        _weightOfEntry = new double[size];
    }

    /// <summary>Computes <see cref="Coefficients"/> for centre row <paramref name="row"/> of the neighbour list.</summary>
    public void Expand(Frame frame, NeighborList neighbors, int row)
    {
        Array.Clear(Coefficients);
        int start = neighbors.Offsets[row], end = neighbors.Offsets[row + 1];
        int count = end - start;
        EnsureCapacity(count);
        var elements = frame.Elements;
        var neighborIndex = neighbors.Neighbors;
        var distances = neighbors.Distances;
        var vectors = neighbors.Vectors;
        double cutoff = _d.Cutoff;
        var weighting = _d.Weighting;
        bool radialWeights = weighting.HasFunction;

        var channelOfZ = _d.ChannelOfZ;
        var speciesWeights = _d.SpeciesWeightTable;
        if (_channels == 1)
        {
            // One channel (mu2 or a single species): straight into the structure-of-arrays storage.
            int n = 0;
            for (int k = start; k < end; k++)
            {
                int species = channelOfZ[elements[neighborIndex[k]].Z];
                double d = distances[k];
                if (species < 0 || d > cutoff) continue;
                double w = speciesWeights[species];
                if (radialWeights) w *= weighting.At(d);
                if (w == 0) continue; // contributes nothing (e.g. poly beyond r0)
                var v = vectors[k];
                _x[n] = v.X;
                _y[n] = v.Y;
                _z[n] = v.Z;
                _r[n] = d;
                _w[n] = w;
                n++;
            }
            _channelStart[0] = 0;
            _channelStart[1] = n;
        }
        else
        {
            // Pass 1: channel and weight of every neighbour; count per channel.
            Array.Clear(_channelCount);
            int kept = 0;
            for (int k = start; k < end; k++)
            {
                int species = channelOfZ[elements[neighborIndex[k]].Z];
                double d = distances[k];
                if (species < 0 || d > cutoff) continue;
                double w = speciesWeights[species];
                if (radialWeights) w *= weighting.At(d);
                if (w == 0) continue;
                _channelOfEntry[kept] = species;
                _weightOfEntry[kept] = w;
                _slotOf[kept] = k;
                _channelCount[species]++;
                kept++;
            }
            _channelStart[0] = 0;
            for (int c = 0; c < _channels; c++) _channelStart[c + 1] = _channelStart[c] + _channelCount[c];

            // Pass 2: scatter into structure-of-arrays storage grouped by channel (stable: list order kept).
            Span<int> fill = stackalloc int[_channels];
            for (int c = 0; c < _channels; c++) fill[c] = _channelStart[c];
            for (int e = 0; e < kept; e++)
            {
                int k = _slotOf[e];
                int dst = fill[_channelOfEntry[e]]++;
                var v = vectors[k];
                _x[dst] = v.X;
                _y[dst] = v.Y;
                _z[dst] = v.Z;
                _r[dst] = distances[k];
                _w[dst] = _weightOfEntry[e];
            }
        }

        for (int c = 0; c < _channels; c++)
        {
            var coefficients = Coefficients.AsSpan(c * _channelLength, _channelLength);
            for (int b = _channelStart[c]; b < _channelStart[c + 1]; b += J)
                AccumulateBlock(b, Math.Min(J, _channelStart[c + 1] - b), coefficients);
        }

        // The centre atom itself at r = 0: only l = 0 (r^l), Y_00 = 1/√(4π).
        int centreSpecies = _d.ChannelOf(elements[neighbors.Centres[row]]);
        if (centreSpecies >= 0)
        {
            double w = _d.SpeciesWeight(centreSpecies) * weighting.AtCentre;
            if (w != 0)
            {
                int channel = _mu2 ? 0 : centreSpecies;
                Span<double> f = stackalloc double[(_lMax + 1) * _nPad];
                EvaluateRadial(0.0, ref MemoryMarshal.GetReference(f), _nPad);
                double y00 = w * 0.5 / Math.Sqrt(Math.PI);
                var c0 = Coefficients.AsSpan(channel * _channelLength, _nPad); // l = 0, m = 0 row
                for (int n = 0; n < _nPad; n++) c0[n] += f[n] * y00;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EvaluateRadial(double r, ref double dest, int lStride)
    {
        if (_d.RadialMode == RadialEvaluation.Spline) _d.Radial.Evaluate(r, ref dest, lStride);
        else _d.Radial.EvaluateExact(r, ref dest, lStride);
    }

    /// <summary>Adds the block of neighbours [first, first + count) of one channel to its coefficients.</summary>
    private void AccumulateBlock(int first, int count, Span<double> coefficients)
    {
        // Copy into block buffers padded to a multiple of four with zero-weight points at the origin.
        int padded = (count + 3) & ~3;
        _x.AsSpan(first, count).CopyTo(_bx);
        _y.AsSpan(first, count).CopyTo(_by);
        _z.AsSpan(first, count).CopyTo(_bz);
        _w.AsSpan(first, count).CopyTo(_bw);
        for (int i = count; i < padded; i++) _bx[i] = _by[i] = _bz[i] = _bw[i] = 0;
        var harmonics = _d.Harmonics;
        for (int j = 0; j < padded; j += 4) harmonics.Compute4(_bx, _by, _bz, _bw, j, _harm, J);

        ref double radial = ref MemoryMarshal.GetArrayDataReference(_radial);
        int lStride = J * _nPad;
        for (int j = 0; j < count; j++)
            EvaluateRadial(_r[first + j], ref Unsafe.Add(ref radial, j * _nPad), lStride);

        Accumulate(count, coefficients);
    }

    /// <summary>C[l, m, n] += Σ_j radial[l, j, n] · harm[lm, j] for all l, m, n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate(int count, Span<double> coefficients)
    {
        int nPad = _nPad, nv = nPad / 4, zeroRow = _lmCount;
        ref double radial = ref MemoryMarshal.GetArrayDataReference(_radial);
        ref double harm = ref MemoryMarshal.GetArrayDataReference(_harm);
        ref double c = ref MemoryMarshal.GetReference(coefficients);
        for (int l = 0; l <= _lMax; l++)
        {
            ref double rl = ref Unsafe.Add(ref radial, l * J * nPad);
            int rows = 2 * l + 1, lBase = l * l;
            for (int mt = 0; mt < rows; mt += 4)
            {
                int valid = Math.Min(4, rows - mt);
                int q0 = lBase + mt;
                ref double y0 = ref Unsafe.Add(ref harm, q0 * J);
                ref double y1 = ref Unsafe.Add(ref harm, (valid > 1 ? q0 + 1 : zeroRow) * J);
                ref double y2 = ref Unsafe.Add(ref harm, (valid > 2 ? q0 + 2 : zeroRow) * J);
                ref double y3 = ref Unsafe.Add(ref harm, (valid > 3 ? q0 + 3 : zeroRow) * J);
                ref double target = ref Unsafe.Add(ref c, q0 * nPad);
                int v = 0;
                for (; v + 3 <= nv; v += 3)
                {
                    ref double rv = ref Unsafe.Add(ref rl, 4 * v);
                    ref double tv = ref Unsafe.Add(ref target, 4 * v);
                    // 2l + 1 rows: tiles of four, then a remainder of one or three.
                    if (valid == 1) Tile3x1(ref rv, nPad, ref y0, count, ref tv);
                    else if (valid == 3) Tile3x3(ref rv, nPad, ref y0, ref y1, ref y2, count, ref tv);
                    else Tile3x4(ref rv, nPad, ref y0, ref y1, ref y2, ref y3, count, ref tv, valid);
                }
                for (; v < nv; v++)
                    Tile1x4(ref Unsafe.Add(ref rl, 4 * v), nPad, ref y0, ref y1, ref y2, ref y3, count, ref Unsafe.Add(ref target, 4 * v), valid);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile3x1(ref double r, int nPad, ref double y0, int count, ref double target)
    {
        Vector256<double> a00 = default, a01 = default, a02 = default;
        for (int j = 0; j < count; j++)
        {
            ref double rj = ref Unsafe.Add(ref r, j * nPad);
            var b0 = Vector256.Create(Unsafe.Add(ref y0, j));
            a00 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rj), b0, a00);
            a01 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rj, 4), b0, a01);
            a02 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rj, 8), b0, a02);
        }
        AddRow(ref target, a00, a01, a02);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile3x3(ref double r, int nPad, ref double y0, ref double y1, ref double y2, int count, ref double target)
    {
        Vector256<double> a00 = default, a01 = default, a02 = default,
            a10 = default, a11 = default, a12 = default,
            a20 = default, a21 = default, a22 = default;
        for (int j = 0; j < count; j++)
        {
            ref double rj = ref Unsafe.Add(ref r, j * nPad);
            var r0 = Vector256.LoadUnsafe(ref rj);
            var r1 = Vector256.LoadUnsafe(ref rj, 4);
            var r2 = Vector256.LoadUnsafe(ref rj, 8);
            var b0 = Vector256.Create(Unsafe.Add(ref y0, j));
            var b1 = Vector256.Create(Unsafe.Add(ref y1, j));
            var b2 = Vector256.Create(Unsafe.Add(ref y2, j));
            a00 = Vector256.FusedMultiplyAdd(r0, b0, a00);
            a01 = Vector256.FusedMultiplyAdd(r1, b0, a01);
            a02 = Vector256.FusedMultiplyAdd(r2, b0, a02);
            a10 = Vector256.FusedMultiplyAdd(r0, b1, a10);
            a11 = Vector256.FusedMultiplyAdd(r1, b1, a11);
            a12 = Vector256.FusedMultiplyAdd(r2, b1, a12);
            a20 = Vector256.FusedMultiplyAdd(r0, b2, a20);
            a21 = Vector256.FusedMultiplyAdd(r1, b2, a21);
            a22 = Vector256.FusedMultiplyAdd(r2, b2, a22);
        }
        AddRow(ref target, a00, a01, a02);
        AddRow(ref Unsafe.Add(ref target, nPad), a10, a11, a12);
        AddRow(ref Unsafe.Add(ref target, 2 * nPad), a20, a21, a22);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile3x4(ref double r, int nPad, ref double y0, ref double y1, ref double y2, ref double y3,
        int count, ref double target, int valid)
    {
        Vector256<double> a00 = default, a01 = default, a02 = default,
            a10 = default, a11 = default, a12 = default,
            a20 = default, a21 = default, a22 = default,
            a30 = default, a31 = default, a32 = default;
        for (int j = 0; j < count; j++)
        {
            ref double rj = ref Unsafe.Add(ref r, j * nPad);
            var r0 = Vector256.LoadUnsafe(ref rj);
            var r1 = Vector256.LoadUnsafe(ref rj, 4);
            var r2 = Vector256.LoadUnsafe(ref rj, 8);
            var b0 = Vector256.Create(Unsafe.Add(ref y0, j));
            var b1 = Vector256.Create(Unsafe.Add(ref y1, j));
            var b2 = Vector256.Create(Unsafe.Add(ref y2, j));
            var b3 = Vector256.Create(Unsafe.Add(ref y3, j));
            a00 = Vector256.FusedMultiplyAdd(r0, b0, a00);
            a01 = Vector256.FusedMultiplyAdd(r1, b0, a01);
            a02 = Vector256.FusedMultiplyAdd(r2, b0, a02);
            a10 = Vector256.FusedMultiplyAdd(r0, b1, a10);
            a11 = Vector256.FusedMultiplyAdd(r1, b1, a11);
            a12 = Vector256.FusedMultiplyAdd(r2, b1, a12);
            a20 = Vector256.FusedMultiplyAdd(r0, b2, a20);
            a21 = Vector256.FusedMultiplyAdd(r1, b2, a21);
            a22 = Vector256.FusedMultiplyAdd(r2, b2, a22);
            a30 = Vector256.FusedMultiplyAdd(r0, b3, a30);
            a31 = Vector256.FusedMultiplyAdd(r1, b3, a31);
            a32 = Vector256.FusedMultiplyAdd(r2, b3, a32);
        }
        AddRow(ref target, a00, a01, a02);
        if (valid > 1) AddRow(ref Unsafe.Add(ref target, nPad), a10, a11, a12);
        if (valid > 2) AddRow(ref Unsafe.Add(ref target, 2 * nPad), a20, a21, a22);
        if (valid > 3) AddRow(ref Unsafe.Add(ref target, 3 * nPad), a30, a31, a32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(ref double target, Vector256<double> v0, Vector256<double> v1, Vector256<double> v2)
    {
        (Vector256.LoadUnsafe(ref target) + v0).StoreUnsafe(ref target);
        (Vector256.LoadUnsafe(ref target, 4) + v1).StoreUnsafe(ref target, 4);
        (Vector256.LoadUnsafe(ref target, 8) + v2).StoreUnsafe(ref target, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x4(ref double r, int nPad, ref double y0, ref double y1, ref double y2, ref double y3,
        int count, ref double target, int valid)
    {
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int j = 0; j < count; j++)
        {
            var rv = Vector256.LoadUnsafe(ref Unsafe.Add(ref r, j * nPad));
            a0 = Vector256.FusedMultiplyAdd(rv, Vector256.Create(Unsafe.Add(ref y0, j)), a0);
            a1 = Vector256.FusedMultiplyAdd(rv, Vector256.Create(Unsafe.Add(ref y1, j)), a1);
            a2 = Vector256.FusedMultiplyAdd(rv, Vector256.Create(Unsafe.Add(ref y2, j)), a2);
            a3 = Vector256.FusedMultiplyAdd(rv, Vector256.Create(Unsafe.Add(ref y3, j)), a3);
        }
        (Vector256.LoadUnsafe(ref target) + a0).StoreUnsafe(ref target);
        if (valid > 1) (Vector256.LoadUnsafe(ref target, (nuint)nPad) + a1).StoreUnsafe(ref target, (nuint)nPad);
        if (valid > 2) (Vector256.LoadUnsafe(ref target, (nuint)(2 * nPad)) + a2).StoreUnsafe(ref target, (nuint)(2 * nPad));
        if (valid > 3) (Vector256.LoadUnsafe(ref target, (nuint)(3 * nPad)) + a3).StoreUnsafe(ref target, (nuint)(3 * nPad));
    }
}
